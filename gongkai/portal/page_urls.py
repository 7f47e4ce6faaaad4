"""URLs of the pages the site builder renders (home, directory, items, guide, feeds, sitemaps) and the 长辈版 switch.

Every page URL is directory-style or names its file, so `/xxgk/policies/2/` is
`var/site/xxgk/policies/2/index.html` and `/feeds/policies.xml` is `var/site/feeds/policies.xml`.
"""

from django.urls import path, re_path

from gongkai.portal import views

app_name = "portal"
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
    path("mode/elder/", views.switch_mode, {"mode": "elder"}, name="mode_elder"),
    path("mode/standard/", views.switch_mode, {"mode": "standard"}, name="mode_standard"),
    path("mode.css", views.mode_css, name="mode_css"),
]
