"""URLs of the pages the site builder renders (home, directory, items, guide, feeds, sitemaps, the listing
sections' pages) and the 长辈版 switch.

Every page URL is directory-style or names its file, so `/xxgk/policies/2/` is
`var/site/xxgk/policies/2/index.html` and `/feeds/policies.xml` is `var/site/feeds/policies.xml`.
A listing section (gongkai.publishing.sections, e.g. 执法公开 at `zfgk/`) gets its listing, its
numbered listing pages and one page per object under its `site_path`, named by its own URL names.
"""

from django.urls import path, re_path

from gongkai.portal import views
from gongkai.portal.section_pages import listing_sections

app_name = "portal"


def _listing_section_patterns() -> list:
    patterns = []
    for section in listing_sections():
        names = {}
        for role in ("listing", "listing_page", "detail"):
            namespace, _, name = section.url_names[role].partition(":")
            if namespace != app_name:
                raise ValueError(f"section {section.name!r}: {role} URL name must be in the {app_name!r} namespace")
            names[role] = name
        prefix, extra = section.site_path, {"section": section.name}
        patterns += [
            path(prefix, views.section_listing, extra, name=names["listing"]),
            path(f"{prefix}page/<int:page>/", views.section_listing, extra, name=names["listing_page"]),
            path(f"{prefix}doc/<int:pk>/", views.section_detail, extra, name=names["detail"]),
        ]
    return patterns


urlpatterns = [
    path("", views.home, name="home"),
    path("xxgk/", views.directory, name="directory"),
    path("xxgk/item/<int:item_id>/", views.item, name="item"),
    re_path(r"^xxgk/item/(?P<item_id>\d+)/attachment-(?P<attachment_id>\d+)(?P<suffix>\.[a-z0-9]+)?$", views.attachment,
            name="attachment"),
    path("xxgk/<slug:slug>/", views.column, name="column"),
    path("xxgk/<slug:slug>/<int:page>/", views.column_archive, name="column_archive"),
    path("guide/", views.guide, name="guide"),
    path("feeds/<slug:slug>.xml", views.feed, {"kind": "rss"}, name="rss"),
    path("feeds/<slug:slug>.atom", views.feed, {"kind": "atom"}, name="atom"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemaps/pages.xml", views.sitemap_pages, name="sitemap_pages"),
    path("sitemaps/items-<int:block>.xml", views.sitemap_items, name="sitemap_items"),
    path("sitemaps/<slug:section>.xml", views.section_sitemap, name="section_sitemap"),
    path("mode/elder/", views.switch_mode, {"mode": "elder"}, name="mode_elder"),
    path("mode/standard/", views.switch_mode, {"mode": "standard"}, name="mode_standard"),
    path("mode.css", views.mode_css, name="mode_css"),
    *_listing_section_patterns(),
]
