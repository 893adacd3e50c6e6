"""`{% fragment "name" var ... %}...{% endfragment %}`: a template fragment cached under the
listing pages' generation (listings/cache.py), so the writes that drop the API's cached
pages (a listing, a booking, a review, a user's name) drop these at once too.

Django's own `{% cache %}` would need a key that changes with every such write, and it
lets a Redis error through as a 500. This tag keys the fragment by its name and the values
it varies on, stores it beside the API's pages, and, like them, renders from the database
while Redis fails or while this process owes it an invalidation (listings/cache.py).
"""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from listings import cache

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist: NodeList, name: str, vary_on: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context: Context) -> str:
        """The stored HTML of this name and these values under the current generation, or
        the fragment rendered now (its queries run only then) and kept."""
        key = fragment_key(self.name, [str(value.resolve(context)) for value in self.vary_on])
        html, generation = cache.page_for(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.keep_page(key, generation, html)
        return str(html)


def fragment_key(name: str, values: list[str]) -> str:
    """The key before listings/cache.py hashes it; `web:` keeps it apart from the API's
    URLs, and the values are joined with a character no URL or id holds unescaped."""
    return "\n".join(["web:fragment", name, *values])


@register.tag
def fragment(parser: Parser, token: Token) -> FragmentNode:
    """`{% fragment "name" var ... %}`: a quoted name, then what the fragment varies on."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            f"{bits[0]} takes a quoted name, then the values the fragment varies on"
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
