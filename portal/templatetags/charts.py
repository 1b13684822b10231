"""{% load charts %}{% profile_chart application %}: the application's profile over its sheet's categories (the
chart of portal.shared.charts, with its data table), for any page about one application, in one line."""

from django import template

from portal.shared.charts import application_profile

register = template.Library()


@register.inclusion_tag("charts/chart.html")
def profile_chart(application):
    """Nothing before a consensus is recorded. A few queries: for a page about one application, never a list."""
    return {"chart": application_profile(application)}
