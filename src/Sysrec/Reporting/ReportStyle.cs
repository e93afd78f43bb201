namespace Sysrec.Reporting;

/// <summary>The page's only stylesheet, inline, so the file shows the same anywhere, offline.</summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { --ink: #1f2328; --muted: #656d76; --rule: #d0d7de; --band: #f6f8fa; --bar: #2f6fdb; --error: #d1242f; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; padding: 24px 32px 48px; max-width: 1400px; color: var(--ink); background: #fff;
               font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 18px; margin: 32px 0 4px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
        h3 { font-size: 14px; margin: 0; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace;
             overflow-wrap: anywhere; }
        p { margin: 4px 0 12px; }
        .note, .meta { color: var(--muted); }
        code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
        nav a { margin-right: 16px; color: var(--bar); text-decoration: none; }
        table { border-collapse: collapse; }
        th, td { padding: 3px 10px; text-align: left; }
        thead th { border-bottom: 2px solid var(--rule); font-weight: 600; white-space: nowrap; }
        tbody tr:nth-child(even) { background: var(--band); }
        tfoot td { border-top: 2px solid var(--rule); font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.summary td.syscall { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
        table.timeline { width: 100%; table-layout: fixed; }
        table.timeline th.process { width: 220px; font-weight: normal; white-space: nowrap; overflow: hidden;
                                    text-overflow: ellipsis; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
        table.timeline th.calls { width: 90px; }
        table.timeline tbody th { font-weight: normal; }
        table.timeline tr.all th { font-weight: 600; font-family: inherit; }
        table.timeline tbody td, table.timeline tbody th { padding-top: 2px; padding-bottom: 2px; }
        table.timeline tfoot td { border-top: 0; font-weight: normal; }
        svg.strip { display: block; width: 100%; height: 16px; background: #eef1f4; }
        svg.strip rect { fill: var(--bar); }
        .axis { position: relative; height: 18px; color: var(--muted); font-size: 12px; }
        .axis span { position: absolute; top: 0; transform: translateX(-50%); white-space: nowrap; }
        .axis span:first-child { transform: none; }
        .axis span:last-child { transform: translateX(-100%); }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 16px; }
        .card { border: 1px solid var(--rule); border-radius: 6px; padding: 10px 12px; }
        .card .meta { margin: 0 0 6px; font-size: 12px; }
        svg.bars { display: block; width: 100%; }
        svg.bars text { font: 12px ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; fill: var(--ink); }
        svg.bars text.label { text-anchor: end; }
        svg.bars text.count { fill: var(--muted); }
        svg.bars rect.calls { fill: var(--bar); }
        svg.bars rect.errors { fill: var(--error); }
        .swatch { display: inline-block; width: 10px; height: 10px; vertical-align: baseline; margin-right: 4px; }
        """;
}
