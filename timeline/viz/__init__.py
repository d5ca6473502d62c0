"""Drawing the timeline, in modules named for what they do:

- `view`: what a chart shows besides its events (the date window, the story's span, the current
  event), the order a reader follows, and the period a click on a counted bar asks for;
- `lanes`: how wide a label is drawn, and which lane each event takes so that nothing overlaps;
- `cards`: an event as a reader reads it, in text and safe HTML (hover boxes, the detail panel,
  source cards);
- `style`: fonts, colours and sizes every chart and page shares;
- `figure`: the Plotly figures, built from the above;
- `tables`: the pandas tables beside the chart.

Only `figure` imports Plotly and only `tables` pandas, so an export that does not draw (CSV, JSON,
iCalendar, TimelineJS) loads neither.

Dates are drawn as precisely as the articles state them and no more: a day is a point, while a
week, month, quarter or year is what an article says vaguely ("in November", "earlier this month"):
some day in that period, so it is drawn as "sometime in" it, a faint band over the whole interval
with a point at its middle, never a solid bar that would read as a duration. Every string that
comes from an article is HTML-escaped before Plotly or Streamlit sees it, because both render a
subset of HTML and article text is untrusted.
"""
