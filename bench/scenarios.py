"""What the benchmark measures: one small declarative entry per scenario, and the goals.

A scenario names its request from the fixture catalogue (``bench.fixtures`` writes it): when the
catalogue lacks what it needs, or the request does not answer with the expected status in a
first in-process try, the scenario is reported as "skipped (not available)" and the run goes on.
Labels are formatted with the catalogue's sizes, so a scaled run says what it measured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

LISTING_QUERY = "?format=online&min_score=30&order=-score"
#: A cookie no plugin declares neutral (practice_core.cache.may_share): its visitor never gets or
#: fills a shared answer.
UNSHARED_COOKIE = "bench_unshared"


@dataclass(frozen=True)
class Step:
    """One request of a scenario made of several (:attr:`Scenario.steps`)."""

    path: Callable[[dict], str]
    method: str = "GET"
    body: str | None = None
    expect: tuple[int, ...] = (200,)
    returning: bool = False
    cookie: str | None = None  # a Cookie header of its own (see Scenario.cookie)
    # False for a step that only prepares the next one (e.g. a write that changes what the next
    # request reads): its answers must still be as expected, but its latency is not the
    # scenario's and it is not counted in req/s.
    measured: bool = True


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    path: Callable[[dict], str] | None = None
    method: str = "GET"
    body: str | None = None  # "rating" or "comment": the load generator makes one per request
    expect: tuple[int, ...] = (200,)
    group: str = "page"  # page, api, write, growth
    returning: bool = False  # send a returning visitor's cookie (bench.run.visitor_cookie)
    # A Cookie header to send: one nobody declared neutral keeps the visitor off shared answers,
    # so every request renders the page (warm, but not from the shared cache).
    cookie: str | None = None
    # Instead of one request repeated: each client sends these in turn, again and again (e.g. a
    # write, then the first read after it). ``path``, ``method``... are then unused.
    steps: tuple[Step, ...] = ()

    def requests(self) -> tuple[Step, ...]:
        """What one client sends, in order (one step unless the scenario lists several)."""
        if self.steps:
            return self.steps
        return (Step(self.path, self.method, self.body, self.expect, self.returning, self.cookie),)


SCENARIOS = [
    Scenario("baseline", "Baseline: bare StandardPage", lambda c: c["baseline"]),
    Scenario("robots", "robots.txt (no page, no query)", lambda c: "/robots.txt"),
    Scenario(
        "blog_post",
        "Blog post ({ratings_on_post:,} ratings, {comments_on_post:,} comments)",
        lambda c: c["blog_post"],
    ),
    Scenario(
        "blog_post_returning",
        "Blog post, returning visitor (visitor cookie: own rating shown)",
        lambda c: c["blog_post"],
        returning=True,
    ),
    Scenario("blog_index", "Blog index (10 cards)", lambda c: c["blog_index"]),
    Scenario(
        "post_rendered",
        "Post rendered for a visitor who may not share answers (warm, uncached)",
        lambda c: c["write_post"],
        cookie=f"{UNSHARED_COOKIE}=1",
    ),
    Scenario(
        "post_after_change",
        "Post, first request after a rating changed it (rating POST not measured)",
        steps=(
            Step(
                lambda c: f"/api/v3/pages/{c['write_post_id']}/ratings/",
                "POST",
                "rating",
                (201,),
                measured=False,
            ),
            Step(lambda c: c["write_post"]),
        ),
    ),
    Scenario(
        "training_listing",
        "Training listing, filtered + sorted by score ({trainings_assessed:,})",
        lambda c: c["training_index"] + LISTING_QUERY,
    ),
    Scenario(
        "training_compare",
        "Comparison of 4 trainings",
        lambda c: c["training_index"] + "compare/?ids=" + ",".join(map(str, c["compare_ids"])),
    ),
    Scenario("training_page", "Training page", lambda c: c["training_url"]),
    Scenario(
        "api_post", "API: post detail", lambda c: f"/api/v3/pages/{c['blog_post_id']}/", group="api"
    ),
    Scenario(
        "api_training",
        "API: training detail",
        lambda c: f"/api/v3/pages/{c['training_id']}/",
        group="api",
    ),
    Scenario(
        "api_training_listing",
        "API: training listing (filtered, by score; all {trainings_in_site:,} of the site)",
        lambda c: "/api/v3/trainings/" + LISTING_QUERY + "&locale=en",
        group="api",
    ),
    Scenario(
        "rating_post",
        "Rating POST (API, new visitor each)",
        lambda c: f"/api/v3/pages/{c['write_post_id']}/ratings/",
        method="POST",
        body="rating",
        expect=(201,),
        group="write",
    ),
    Scenario(
        "comment_post",
        "Comment POST (API, held for moderation)",
        lambda c: f"/api/v3/pages/{c['write_post_id']}/comments/",
        method="POST",
        body="comment",
        expect=(202,),
        group="write",
    ),
    Scenario(
        "post_empty", "Post with 0 ratings, 0 comments", lambda c: c["post_empty"], group="growth"
    ),
    Scenario(
        "post_many_ratings",
        "Post with {ratings_for_growth:,} ratings",
        lambda c: c["post_many_ratings"],
        group="growth",
    ),
    Scenario(
        "post_many_comments",
        "Post with {comments_for_growth:,} comments",
        lambda c: c["post_many_comments"],
        group="growth",
    ),
    Scenario(
        "listing_small",
        "Listing of {trainings_small:,} trainings",
        lambda c: c["listing_small"] + LISTING_QUERY,
        group="growth",
    ),
    Scenario(
        "listing_large",
        "Listing of {trainings_large:,} trainings",
        lambda c: c["listing_large"] + LISTING_QUERY,
        group="growth",
    ),
]


@dataclass(frozen=True)
class RatioGoal:
    """requests/s of ``scenario`` ÷ requests/s of the baseline, at least ``minimum``."""

    scenario: str
    minimum: float


@dataclass(frozen=True)
class GrowthGoal:
    """requests/s with little data ÷ requests/s with a lot (the cost of growth), at most
    ``maximum``."""

    label: str
    small: str
    large: str
    maximum: float = 1.10


RATIO_GOALS = [
    RatioGoal("blog_post", 0.85),
    RatioGoal("training_listing", 0.70),
    RatioGoal("api_post", 0.85),
    RatioGoal("api_training", 0.85),
]
GROWTH_GOALS = [
    GrowthGoal("Post: 0 vs {ratings_for_growth:,} ratings", "post_empty", "post_many_ratings"),
    GrowthGoal("Post: 0 vs {comments_for_growth:,} comments", "post_empty", "post_many_comments"),
    GrowthGoal(
        "Listing: {trainings_small:,} vs {trainings_large:,} trainings",
        "listing_small",
        "listing_large",
    ),
]
# The first request after a change (it rebuilds what the change made stale) ÷ a warm render
# that never uses shared answers: p50 at most this (the page-state goal of the caching issue).
AFTER_CHANGE_GOAL = 1.5
AFTER_CHANGE = ("post_after_change", "post_rendered")
# Rating writes per second (the goal for 2 workers).
RATING_WRITES_GOAL = {"sqlite": 150, "postgres": 300}

# The production profile as shipped (worker recycling on): latency goals.
TAIL_GOAL = 3.0  # every scenario's p99 ≤ 3 × its p50
STALL_MS = 250  # no request slower than this in the mixed-read run, outside a deliberate restart
RECYCLING_GOAL = 0.95  # req/s with recycling on ≥ 95 % of req/s with it off
RESTART_TAIL_GOAL = 5.0  # p99 while one worker restarts ≤ 5 × the p50 before it
