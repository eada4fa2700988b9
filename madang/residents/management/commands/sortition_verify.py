"""manage.py sortition_verify <draw id> [--seed … --n … --quotas '{…}']: re-run a draw from its frozen
pool and say whether the list is the stored one (exit status 1 when it is not)."""

import json

from django.core.management.base import BaseCommand, CommandError

from madang.residents.models import Draw
from madang.residents.selectors import draw_public_data, draw_recheck


class Command(BaseCommand):
    help = "Re-run a committee draw (추첨) from its published seed, parameters and pool and compare."

    def add_arguments(self, parser):
        parser.add_argument("draw_id", type=int)
        parser.add_argument("--seed", help="another seed to try (default: the draw's own)")
        parser.add_argument("--n", type=int, help="another number to draw")
        parser.add_argument("--quotas", help="other quotas as JSON, e.g. '{\"max_per_dong\": 6}'")

    def handle(self, *args, draw_id, seed=None, n=None, quotas=None, **options):
        draw = Draw.objects.filter(pk=draw_id).first()
        if draw is None:
            raise CommandError(f"추첨 {draw_id}번이 없습니다.")
        if draw.status == Draw.Status.DRAFT:
            raise CommandError(f"추첨 {draw_id}번은 아직 실행하지 않았습니다.")
        try:
            quotas = json.loads(quotas) if quotas else None
        except json.JSONDecodeError as error:
            raise CommandError(f"--quotas 는 JSON이어야 합니다: {error}") from error
        data = draw_public_data(draw)
        self.stdout.write(f"{draw.title} ({draw.get_status_display()}) · {data['algorithm']}")
        self.stdout.write(
            f"seed {draw.seed} · n {draw.n} · quotas {json.dumps(draw.quotas, ensure_ascii=False)}"
        )
        self.stdout.write(f"pool {len(draw.pool)} · fingerprint {data['fingerprint']}")
        recheck = draw_recheck(draw, seed=seed, n=n, quotas=quotas)
        if recheck.error:
            raise CommandError(recheck.error)
        if recheck.differs:
            self.stdout.write("다르게 준 값: " + ", ".join(recheck.differs))
        self.stdout.write("selected " + " ".join(str(number) for number in recheck.selected))
        if recheck.matches:
            self.stdout.write(self.style.SUCCESS("일치: 다시 실행한 결과가 저장된 결과와 같습니다."))
            return
        raise CommandError("불일치: 다시 실행한 결과가 저장된 결과와 다릅니다.")
