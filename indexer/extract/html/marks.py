"""Marks on elements: how much an element looks like page furniture, and
whether it names itself the article body (by tag, ARIA role, hiding, class/id words)."""

from __future__ import annotations

import re

_SUSPECT_TAGS = frozenset("nav aside footer header menu form".split())
_FURNITURE_ROLES = frozenset("navigation complementary banner contentinfo".split())
_DIALOG_ROLES = frozenset("dialog alertdialog alert".split())

# Class/id words.  STRONG furniture always holds; WEAK (layout, hiding) and
# MIXED (a furniture word next to a content word, "story-share-wrapper")
# give way when the element holds most of the good text.  Words of a paywall
# (paywall, premium, subscriber, members-only, "subscription-wall") mark the
# body that is gated, never furniture.
WEAK, STRONG, MIXED = 1, 2, 3
_STRONG_WORDS = frozenset("""
    ad ads adv advert adverts advertisement advertising advertorial adslot adunit banner dfp gpt
    share sharing shares sharebar social socials sociallinks
    comment comments commenting disqus respond reply replies
    related recommended recommendations recirc recirculation trending popular mostpopular
    mostread outbrain taboola zergnet promo promos promoted sponsor sponsored sponsors partner
    newsletter newsletters subscribe subscription signup donate donation
    cookie cookies consent gdpr modal popup popover overlay lightbox tooltip rollover hovercard flyout
    caption captions credit credits
    readmore morestories moreon alsoread seealso
    facebook fb instagram messenger whatsapp telegram pinterest linkedin reddit tiktok
""".split())
_WEAK_WORDS = frozenset("""
    nav navbar navigation menu breadcrumb breadcrumbs pagination pager
    footer sidebar masthead topbar toolbar header
    hidden hide invisible sronly screenreader visuallyhidden offscreen
    tags keywords topics byline author authors bio dateline timestamp
    widget widgets print email
    slideshow slider carousel gallery swiper
    imgtop
""".split())
_STRONG_PREFIXES = ("advert", "sponsor", "comment", "share", "social", "newsletter", "subscri",
                    "recommend", "promo", "related", "cookie", "outbrain", "taboola")
_NOT_FURNITURE = frozenset("commentary commentator commentators subscriber subscribers subscriberonly".split())
# "subscription" next to one of these names a paywalled body ("subscription-wall"), not a sign-up box.
_GATE_NEXT = frozenset("wall only content gate required locked".split())
_CONTENT_WORDS = frozenset("body content article story text entry main post".split())

# Class/id words that name an article body: "article-body", "entry-content", ...
_BODY_FIRST = frozenset("article story entry post blog news content".split())
_BODY_SECOND = frozenset("body content text entry main".split())
_BODY_WORDS = frozenset("articlebody storybody postbody entrycontent articletext storytext "
                        "articlecontent postcontent storycontent bodytext richtext".split())


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CLASS_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def class_words(attrs: dict) -> list[str]:
    """Lowercase words of the class and id attributes ("articleBody" -> article, body)."""
    cls = attrs.get("class")
    if isinstance(cls, list):
        cls = " ".join(cls)
    ident = attrs.get("id")
    if not cls and not ident:
        return []
    words = _CAMEL.sub(" ", f"{cls or ''} {ident if isinstance(ident, str) else ''}").lower()
    return [w for w in _CLASS_SPLIT.split(words) if w]


def suspicion(name: str, attrs: dict, words: list[str]) -> int:
    """0, WEAK, STRONG or MIXED: how much the element looks like page furniture."""
    level = WEAK if name in _SUSPECT_TAGS else 0
    if not attrs:
        return level
    role = attrs.get("role")
    if role in _DIALOG_ROLES:
        return STRONG
    if (role in _FURNITURE_ROLES or "hidden" in attrs
            or str(attrs.get("aria-hidden", "")).lower() == "true"
            or _HIDDEN_STYLE.search(str(attrs.get("style") or ""))):
        level = WEAK
    strong = content = False
    for i, word in enumerate(words):
        following = words[i + 1] if i + 1 < len(words) else ""
        joined = word + following
        if word == "subscription" and following in _GATE_NEXT:
            continue
        if word in _STRONG_WORDS or joined in _STRONG_WORDS or (
                word.startswith(_STRONG_PREFIXES) and word not in _NOT_FURNITURE):
            strong = True
        elif word in _WEAK_WORDS or joined in _WEAK_WORDS:
            level = level or WEAK
        if word in _CONTENT_WORDS:
            content = True
    if content and (strong or level):
        return MIXED
    return STRONG if strong else level


def names_body(attrs: dict, words: list[str]) -> bool:
    """Does the element call itself the article body (itemprop or class/id words)?"""
    if str(attrs.get("itemprop", "")).lower() == "articlebody":
        return True
    for i, word in enumerate(words):
        if word in _BODY_WORDS:
            return True
        if word in _BODY_FIRST and i + 1 < len(words) and words[i + 1] in _BODY_SECOND and word != words[i + 1]:
            return True
    return False


# Class/id words of a standfirst (dek, summary, intro), in the languages of the pages seen:
# "article-summary", "p-dek", "teaser-text", "chapo" (French), "entradilla"/"bajada" (Spanish).
_DEK_WORDS = frozenset("""
    standfirst dek deck subtitle subheadline subhead strapline summary excerpt abstract
    teaser intro introduction lead lede description chapo chapeau sapo entradilla bajada copete sumario
""".split())
_DEK_JOINED = frozenset("articlesummary storysummary articledek leadtext introtext teasertext keypoints "
                        "takeaways".split())
_IMAGE_WORDS = frozenset("img image images photo picture media caption figure gallery video".split())


def names_dek(words: list[str]) -> bool:
    """Do the class/id words call the element a standfirst ("article-summary", "p-dek",
    "teaser-text", "intro")?  Not when they also name an image ("img-description")."""
    if not words or _IMAGE_WORDS.intersection(words):
        return False
    return bool(_DEK_WORDS.intersection(words)) or any(
        w in _DEK_JOINED or w + words[i + 1] in _DEK_JOINED for i, w in enumerate(words[:-1])) \
        or words[-1] in _DEK_JOINED
