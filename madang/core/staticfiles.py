from django.contrib.staticfiles.apps import StaticFilesConfig


class MadangStaticFilesConfig(StaticFilesConfig):
    """Static files, leaving out the parts of npm packages we do not serve.

    krds-uiux ships Sass sources, a CDN build that points at krds.go.kr, and a second CSS bundle
    (component.css) whose icon paths are broken; only output.css, the tokens, fonts and icons are used.
    """

    ignore_patterns = [
        *StaticFilesConfig.ignore_patterns,
        "*.scss",
        "scss",
        "cdn",
        "*component.css",
        "*component.css.map",
        "*.md",
        "*.d.ts",
    ]
