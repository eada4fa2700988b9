from django.core.management.base import BaseCommand

from madang.proposals.services import assignments_flag_overdue, proposals_expire_due


class Command(BaseCommand):
    help = "공감 기간이 끝난 시민제안을 보관하고, 답변 기한이 지난 요청을 운영진에게 알립니다."

    def handle(self, *args, **options):
        expired = proposals_expire_due()
        flagged = assignments_flag_overdue()
        self.stdout.write(f"expired={expired} overdue_flagged={flagged}")
