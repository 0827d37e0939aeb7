"""{% cached_each %}: render a partial per item through the fragment cache (forum/fragments.py).

    {% load fragments %}
    {% cached_each "forum/_thread_row.html" threads name="thread" %}

does what `{% for thread in threads %}{% include "forum/_thread_row.html" %}{% endfor %}`
does, except that the partial sees only `thread` and that unchanged rows come from the cache.
"""

from __future__ import annotations

from django import template

from forum.fragments import render_each

register = template.Library()


@register.simple_tag(takes_context=True)
def cached_each(context, template_name: str, items, name: str):
    return render_each(template_name, items, name, context)
