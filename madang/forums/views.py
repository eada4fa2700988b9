"""The forums' pages. Thin: parse input, call a service or selector, render.

Comment posting and likes answer htmx requests with the fragment that changed (the form again, the
new comment out of band, the like button); without JavaScript they redirect back to the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from madang.core import registry
from madang.core.cache import cached_page
from madang.core.exceptions import DomainError
from madang.core.tenancy import district_view, get_in_district
from madang.core.views import form_action, post_action, post_data

from . import selectors, services
from .forms import (
    BoardForm,
    CloseForm,
    CommentEditForm,
    CommentForm,
    DecideForm,
    OfflineForm,
    TopicFilterForm,
    TopicForm,
)
from .models import Board, Comment, Review, Topic

PAGE_SIZE = selectors.PAGE_SIZE


def _board(district, pk) -> Board:
    return get_in_district(selectors.board_detail_queryset(), district, pk=pk)


def _topic(request, district, pk) -> Topic:
    return get_in_district(
        selectors.topic_detail_queryset(district=district, user=request.user), district, pk=pk
    )


def _comment(request, district, pk) -> Comment:
    staff = selectors.is_staff(request.user, district)
    queryset = Comment.objects.readable_by(request.user, staff=staff).select_related(
        "topic__board__process", "topic__district", "author", "district"
    )
    return get_in_district(queryset, district, pk=pk)


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- boards ---------------------------------------------------------------------------------------


@cached_page
@district_view("forums.view_forum")
def board_list(request, district):
    boards = selectors.board_list(district=district)
    return render(
        request,
        "forums/board_list.html",
        {
            "district": district,
            "boards": boards,
            "can_add": request.user.has_perm("forums.add_board", district),
            "can_review": request.user.has_perm("forums.review", district),
        },
    )


@district_view("forums.add_board")
@require_http_methods(["GET", "POST"])
def board_create(request, district):
    form = BoardForm(post_data(request), district=district)
    done = form_action(
        request,
        form,
        lambda data: services.board_create(actor=request.user, district=district, **data),
        success=_("게시판을 만들었습니다."),
        redirect_to=lambda board: board.get_absolute_url(),
    )
    return done or render(request, "forums/board_form.html", {"district": district, "form": form})


@cached_page
@district_view("forums.view_forum")
def board_detail(request, district, pk):
    board = _board(district, pk)
    form = TopicFilterForm(request.GET or None)
    filters = selectors.TopicFilters()
    if form.is_bound:
        if form.is_valid():
            filters = selectors.TopicFilters(
                state=form.cleaned_data.get("state") or "", sort=form.cleaned_data.get("sort") or "new"
            )
        else:
            messages.warning(request, _("잘못된 검색 조건은 빼고 보여 드립니다."))
    topics = selectors.topic_list(district=district, board=board, user=request.user, filters=filters)
    page = Paginator(topics, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "forums/board_detail.html",
        {
            "district": district,
            "board": board,
            "form": form,
            "page": page,
            "query": _query_string(request),
            "can_add_topic": request.user.has_perm("forums.add_topic", board),
            "can_record_offline": request.user.has_perm("forums.record_offline", board),
        },
    )


# --- topics ---------------------------------------------------------------------------------------


@district_view("forums.view_forum")
@login_required
@require_http_methods(["GET", "POST"])
def topic_create(request, district, pk):
    board = _board(district, pk)
    if not request.user.has_perm("forums.add_topic", board):
        raise PermissionDenied
    form = TopicForm(post_data(request))

    def success(topic):
        if topic.review == Review.PENDING:
            return _("주제를 올렸습니다. 운영진이 확인한 뒤 공개됩니다.")
        return _("주제를 열었습니다.")

    done = form_action(
        request,
        form,
        lambda data: services.topic_create(actor=request.user, board=board, **data),
        success=success,
        redirect_to=lambda topic: topic.get_absolute_url(),
    )
    return done or render(
        request, "forums/topic_form.html", {"district": district, "board": board, "form": form}
    )


@district_view("forums.view_forum")
@login_required
@require_http_methods(["GET", "POST"])
def offline_create(request, district, pk):
    board = _board(district, pk)
    if not request.user.has_perm("forums.record_offline", board):
        raise PermissionDenied
    form = OfflineForm(post_data(request))
    done = form_action(
        request,
        form,
        lambda data: services.topic_record_offline(actor=request.user, board=board, data=data),
        success=_("오프라인 포럼을 기록했습니다."),
        redirect_to=lambda topic: topic.get_absolute_url(),
    )
    return done or render(
        request,
        "forums/topic_form.html",
        {"district": district, "board": board, "form": form, "offline": True},
    )


def _like_state(obj, user, perm):
    return {"obj": obj, "liked": bool(getattr(obj, "liked", False)), "can_like": user.has_perm(perm, obj)}


@cached_page
@district_view("forums.view_forum")
def topic_detail(request, district, pk):
    topic = _topic(request, district, pk)
    staff = selectors.is_staff(request.user, district)
    hidden = getattr(topic, "is_hidden", False) and not staff
    page, threads = selectors.comment_threads(topic=topic, user=request.user, page=request.GET.get("page"))
    user = request.user
    for thread in threads:
        for comment in [thread.comment, *thread.replies]:
            comment.can_edit = user.has_perm("forums.change_comment", comment)
            comment.can_like = user.has_perm("forums.like_comment", comment)
            comment.can_history = comment.edited_at is not None and user.has_perm(
                "forums.view_comment_history", comment
            )
    can_comment = user.has_perm("forums.add_comment", topic)
    return render(
        request,
        "forums/topic_detail.html",
        {
            "district": district,
            "topic": topic,
            "board": topic.board,
            "hidden": hidden,
            "stances": selectors.stance_counts(topic),
            "page": page,
            "threads": threads,
            "comment_form": CommentForm() if can_comment else None,
            "can_comment": can_comment,
            "can_like": user.has_perm("forums.like_topic", topic),
            "can_edit": user.has_perm("forums.change_topic", topic),
            "can_close": topic.status == Topic.Status.OPEN
            and topic.review == Review.APPROVED
            and user.has_perm("forums.close_topic", topic),
            "can_history": topic.edited_at is not None and user.has_perm("forums.view_topic_history", topic),
            "is_staff": staff,
        },
    )


@district_view("forums.view_forum")
@login_required
@require_http_methods(["GET", "POST"])
def topic_edit(request, district, pk):
    topic = _topic(request, district, pk)
    if not request.user.has_perm("forums.change_topic", topic):
        raise PermissionDenied
    if topic.is_offline:
        initial = {f: getattr(topic, f) for f in services.OFFLINE_FIELDS}
        form = OfflineForm(post_data(request), initial=initial)
    else:
        form = TopicForm(post_data(request), initial={"title": topic.title, "body": topic.body})
    done = form_action(
        request,
        form,
        lambda data: services.topic_update(actor=request.user, topic=topic, data=data),
        success=_("주제를 고쳤습니다."),
        redirect_to=topic.get_absolute_url(),
    )
    return done or render(
        request,
        "forums/topic_form.html",
        {
            "district": district,
            "board": topic.board,
            "form": form,
            "topic": topic,
            "offline": topic.is_offline,
        },
    )


@district_view("forums.view_forum")
@login_required
@require_http_methods(["GET", "POST"])
def topic_close(request, district, pk):
    topic = _topic(request, district, pk)
    if not request.user.has_perm("forums.close_topic", topic):
        raise PermissionDenied
    form = CloseForm(post_data(request))
    done = form_action(
        request,
        form,
        lambda data: services.topic_close(actor=request.user, topic=topic, conclusion=data["conclusion"]),
        success=_("결론을 적고 주제를 닫았습니다."),
        redirect_to=topic.get_absolute_url(),
    )
    return done or render(
        request, "forums/topic_close.html", {"district": district, "topic": topic, "form": form}
    )


@district_view("forums.view_forum")
@login_required
def topic_history(request, district, pk):
    topic = _topic(request, district, pk)
    if not request.user.has_perm("forums.view_topic_history", topic):
        raise PermissionDenied
    revisions = Paginator(selectors.topic_revisions(topic), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "forums/history.html",
        {"district": district, "topic": topic, "current": topic, "page": revisions},
    )


def _toggle_like(request, obj, *, like, unlike, perm, template):
    liked_now = request.POST.get("action") != "unlike"
    try:
        if liked_now:
            like()
        else:
            unlike()
    except DomainError as error:
        if request.htmx:
            return HttpResponse(error.message, status=403 if error.code == "forbidden" else 400)
        messages.error(request, error.message)
        return redirect(obj.get_absolute_url())
    if request.htmx:
        obj.refresh_from_db(fields=["like_count"])
        obj.liked = liked_now
        return render(
            request, template, {"district": request.district, **_like_state(obj, request.user, perm)}
        )
    return redirect(obj.get_absolute_url())


@district_view("forums.view_forum")
@login_required
@require_POST
def topic_like(request, district, pk):
    topic = _topic(request, district, pk)
    return _toggle_like(
        request,
        topic,
        like=lambda: services.topic_like(actor=request.user, topic=topic),
        unlike=lambda: services.topic_unlike(actor=request.user, topic=topic),
        perm="forums.like_topic",
        template="forums/_like_topic.html",
    )


# --- comments -------------------------------------------------------------------------------------


@district_view("forums.view_forum")
@login_required
@require_POST
def comment_create(request, district, pk):
    topic = _topic(request, district, pk)
    form = CommentForm(request.POST)
    comment = None
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = get_in_district(
                Comment.objects.filter(topic=topic), district, pk=form.cleaned_data["parent"]
            )
        try:
            comment = services.comment_create(
                actor=request.user,
                topic=topic,
                body=form.cleaned_data["body"],
                stance=form.cleaned_data.get("stance") or "",
                parent=parent,
            )
        except DomainError as error:
            form.add_error(None, error.message)
    pending = comment is not None and comment.review == Review.PENDING
    if not request.htmx:
        if comment is None:
            for error in form.errors.values():
                messages.error(request, " ".join(error))
            return redirect(topic.get_absolute_url() + "#comment-form")
        messages.success(
            request, _("댓글은 운영진이 확인한 뒤 공개됩니다.") if pending else _("댓글을 남겼습니다.")
        )
        return redirect(comment.get_absolute_url())
    if comment is not None:
        comment.topic = topic
        comment.can_edit = request.user.has_perm("forums.change_comment", comment)
        comment.can_like = request.user.has_perm("forums.like_comment", comment)
        form = CommentForm()
    return render(
        request,
        "forums/_comment_posted.html",
        {
            "district": district,
            "topic": topic,
            "form": form,
            "comment": comment,
            "pending": pending,
            "parent_id": request.POST.get("parent", "")[:20],
            "form_id": (request.POST.get("form_id") or "comment-form")[:40],
        },
    )


@district_view("forums.view_forum")
@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, district, pk):
    comment = _comment(request, district, pk)
    if not request.user.has_perm("forums.change_comment", comment):
        raise PermissionDenied
    form = CommentEditForm(post_data(request), initial={"body": comment.body, "stance": comment.stance})
    done = form_action(
        request,
        form,
        lambda data: services.comment_update(actor=request.user, comment=comment, data=data),
        success=_("댓글을 고쳤습니다."),
        redirect_to=comment.get_absolute_url(),
    )
    return done or render(
        request, "forums/comment_form.html", {"district": district, "comment": comment, "form": form}
    )


@district_view("forums.view_forum")
@login_required
def comment_history(request, district, pk):
    comment = _comment(request, district, pk)
    if not request.user.has_perm("forums.view_comment_history", comment):
        raise PermissionDenied
    revisions = comment.revisions.select_related("edited_by").order_by("-created_at", "-pk")
    page = Paginator(revisions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "forums/history.html",
        {"district": district, "topic": comment.topic, "comment": comment, "current": comment, "page": page},
    )


@district_view("forums.view_forum")
@login_required
@require_POST
def comment_like(request, district, pk):
    comment = _comment(request, district, pk)
    return _toggle_like(
        request,
        comment,
        like=lambda: services.comment_like(actor=request.user, comment=comment),
        unlike=lambda: services.comment_unlike(actor=request.user, comment=comment),
        perm="forums.like_comment",
        template="forums/_like_comment.html",
    )


# --- review ---------------------------------------------------------------------------------------


@district_view("forums.review")
def review_queue(request, district):
    return render(
        request,
        "forums/review_queue.html",
        {
            "district": district,
            "topics": Paginator(selectors.pending_topics(district=district), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "comments": Paginator(selectors.pending_comments(district=district), PAGE_SIZE).get_page(
                request.GET.get("cpage")
            ),
            "form": DecideForm(),
        },
    )


def _decide(request, district, obj, service):
    form = DecideForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    return post_action(
        request,
        lambda: service(actor=request.user, approve=approve, reason=form.cleaned_data.get("reason", "")),
        success=_("공개했습니다.") if approve else _("반려했습니다."),
        redirect_to=reverse("forums:review", kwargs={"district": district.slug}),
    )


@district_view("forums.review")
@require_POST
def topic_decide(request, district, pk):
    topic = get_in_district(Topic, district, pk=pk)
    return _decide(request, district, topic, lambda **kw: services.topic_decide(topic=topic, **kw))


@district_view("forums.review")
@require_POST
def comment_decide(request, district, pk):
    comment = get_in_district(Comment.objects.select_related("topic__board", "district"), district, pk=pk)
    return _decide(request, district, comment, lambda **kw: services.comment_decide(comment=comment, **kw))


# --- the district's 공론장 overview -----------------------------------------------------------------


def _other_summaries(district, user) -> list:
    """Every other app's block for the overview (proposals, arenas, …); the forums' own is the list above."""
    blocks = (p.fn(district, user) for p in registry.summary_providers() if p.name != "forums")
    return [block for block in blocks if block is not None]


@cached_page
@district_view("forums.view_forum")
def overview(request, district):
    return render(
        request,
        "forums/overview.html",
        {
            "district": district,
            "topics": selectors.recent_topics(district=district, user=request.user, limit=6),
            "summaries": _other_summaries(district, request.user),
        },
    )
