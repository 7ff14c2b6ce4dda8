"""The published registry: a static site of every edition, recommendation, change and answer.

`recreg.site.build.build_site` writes it (``recreg site -o DIR``): plain files that work
opened from a folder (``file://``) or served by GitHub Pages, with no server and nothing
fetched from elsewhere. Its pages are laid out with the HTML renderer's own pieces
(`recreg.render.html`); the layout of its folders and its permalinks are in
`recreg.site.urls`, what it shows in `recreg.site.catalogue`. docs/site.md says more.
"""
