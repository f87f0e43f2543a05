import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

DOI = re.compile(r"^10\.\d{4,9}/\S+$")
PMID = re.compile(r"^\d{1,9}$")


def normalise_doi(value):
    """ "https://doi.org/10.1/x", "doi:10.1/x" -> "10.1/x"."""
    value = (value or "").strip()
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)


class ReferenceValue(blocks.StructValue):
    """A source: knows the link a reader follows and its identifier."""

    @property
    def doi(self):
        return normalise_doi(self.get("doi"))

    @property
    def href(self):
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.get("pmid"):
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.get('pmid')}/"
        return self.get("url") or ""


class ReferenceBlock(blocks.StructBlock):
    """One source: a DOI, a PubMed id or a URL, with title, authors, year and publisher."""

    title = blocks.CharBlock(max_length=500, label=_("Title"))
    authors = blocks.CharBlock(
        required=False, max_length=500, label=_("Authors"), help_text=_("E.g. Smith J, Jones K.")
    )
    year = blocks.IntegerBlock(required=False, min_value=1500, max_value=2100, label=_("Year"))
    publisher = blocks.CharBlock(required=False, max_length=255, label=_("Journal or publisher"))
    doi = blocks.CharBlock(required=False, max_length=255, label=_("DOI"))
    pmid = blocks.CharBlock(required=False, max_length=12, label=_("PubMed id"))
    url = blocks.URLBlock(required=False, label=_("URL"))

    class Meta:
        icon = "link"
        label = _("Reference")
        value_class = ReferenceValue
        preview_value = {
            "title": "Vitamin B12 deficiency",
            "authors": "Green R, Allen LH, et al.",
            "year": 2017,
            "publisher": "Nature Reviews Disease Primers",
            "doi": "10.1038/nrdp.2017.40",
        }

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        doi = normalise_doi(value.get("doi"))
        if doi and not DOI.match(doi):
            errors["doi"] = ValidationError(_("A DOI looks like 10.1038/nrdp.2017.40."))
        if value.get("pmid") and not PMID.match(value["pmid"].strip()):
            errors["pmid"] = ValidationError(_("A PubMed id is a number."))
        if not (doi or value.get("pmid") or value.get("url")):
            errors["doi"] = ValidationError(_("Give a DOI, a PubMed id or a URL."))
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        value["doi"] = doi
        return value


class ReferencesBlock(blocks.StructBlock):
    """The article's sources as a numbered list; cite them in the text as [1], [2]…"""

    heading = blocks.CharBlock(max_length=255, label=_("Heading"))
    references = blocks.ListBlock(ReferenceBlock(), min_num=1, label=_("References"))

    class Meta:
        icon = "list-ol"
        label = _("References")
        help_text = _(
            "Numbered in this order. Cite a source in the text with its number in square "
            "brackets, e.g. [1] or [2, 3]: it links to the list."
        )
        template = "health_articles/blocks/references.html"
