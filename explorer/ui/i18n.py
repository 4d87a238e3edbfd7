"""Translations of the interface: English source strings, Simplified and Traditional Chinese.

Every user-visible string of the window goes through ``tr("…")``, with ``str.format``
placeholders for numbers (``tr("Iteration {n} done").format(n=12)``), so that a translation
can reorder them. The catalogues are Qt ``.ts`` files in ``assets/i18n/`` compiled to ``.qm``
(``python -m explorer.ui.i18n_catalog`` updates both).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from explorer.paths import asset

CONTEXT = "explorer"
LANGUAGES = {"en": "English", "zh_CN": "简体中文", "zh_TW": "繁體中文"}
SETTINGS_KEY = "ui/language"

# The translators must outlive their installation; Qt does not own them.
_installed: list[QTranslator] = []


def tr(text: str) -> str:
    """``text`` in the interface language (``text`` itself when untranslated)."""
    return QCoreApplication.translate(CONTEXT, text)


def tr_noop(text: str) -> str:
    """Mark ``text`` for the catalogue without translating it (Qt's ``QT_TR_NOOP``): for
    tables made at import time, translated with ``tr(value)`` where they are shown."""
    return text


def tr_error(error: BaseException) -> str:
    """The message of ``error`` in the interface language.

    Errors that keep an English ``template`` and its ``values`` (explorer.messages) are
    translated; any other error, or a translation that does not fit its values, falls back
    to the English text.
    """
    template = getattr(error, "template", None)
    values = getattr(error, "values", None)
    if isinstance(template, str) and isinstance(values, dict):
        try:
            return tr(template).format(**values)
        except (KeyError, IndexError, ValueError):
            pass
    return str(error)


def language_for_locale(locale: QLocale) -> str:
    """The supported language closest to ``locale``: Traditional script or TW/HK/MO regions
    get ``zh_TW``, other Chinese ``zh_CN``, everything else English."""
    if locale.language() != QLocale.Language.Chinese:
        return "en"
    traditional = (
        locale.script() == QLocale.Script.TraditionalChineseScript
        or locale.territory()
        in (
            QLocale.Country.Taiwan,
            QLocale.Country.HongKong,
            QLocale.Country.Macau,
        )
    )
    return "zh_TW" if traditional else "zh_CN"


def saved_language(settings: QSettings) -> str:
    """The language chosen in View → Language, or the system's when none (or junk) is saved."""
    value = settings.value(SETTINGS_KEY)
    if isinstance(value, str) and value in LANGUAGES:
        return value
    return language_for_locale(QLocale.system())


def install_language(language: str) -> str:
    """Load the catalogues of ``language`` into the running application.

    Replaces any earlier translators; English needs none. Returns the language actually
    installed (English if a catalogue is missing or unreadable).
    """
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language not in LANGUAGES or language == "en":
        return "en"
    ours = QTranslator()
    if not ours.load(str(asset("i18n", f"explorer_{language}.qm"))):
        return "en"
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for translator in (ours, _qt_translator(language, qt_dir)):
        if translator is not None:
            app.installTranslator(translator)
            _installed.append(translator)
    return language


def _qt_translator(language: str, folder: str) -> QTranslator | None:
    # Qt's own strings: standard buttons, file dialogs, context menus.
    translator = QTranslator()
    return translator if translator.load(f"qtbase_{language}", folder) else None
