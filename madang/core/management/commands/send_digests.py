from django.core.management.base import BaseCommand

from madang.core.follows import digest_send


class Command(BaseCommand):
    help = (
        "하루 한 번 요약 메일을 보냅니다 (대기 중인 알림이 있는 사람마다 한 통). "
        "두 번 돌려도 같은 알림을 다시 보내지 않습니다."
    )

    def handle(self, *args, **options):
        sent = digest_send()
        self.stdout.write(f"요약 메일 {sent}통을 보냈습니다.")
