namespace Headroom.Report;

/// <summary>The page's stylesheet: readable type, tables and a figure grid that reflows on narrow screens.</summary>
internal static partial class HtmlPage
{
    private const string Style = """

        :root { --ink: #1f2328; --muted: #5d6470; --line: #e3e6ea; --accent: #0072B2; --warn: #b35900; --soft: #f6f8fa; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.55 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 1180px; margin: 0 auto; padding: 28px 28px 64px; }
        header h1 { margin: 0 0 4px; font-size: 30px; letter-spacing: -0.01em; }
        .kicker { margin: 0; color: var(--accent); font-size: 13px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.08em; }
        .facts { margin: 2px 0 20px; color: var(--muted); font-size: 14px; }
        h2 { margin: 44px 0 8px; font-size: 23px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
        h3 { font-size: 17px; margin: 6px 0 8px; }
        .lead { color: var(--muted); max-width: 70em; margin-top: 0; }
        .recommendation { background: #eef6fc; border-left: 5px solid var(--accent); padding: 14px 22px 18px; border-radius: 6px; }
        .recommendation h2 { margin-top: 4px; border: 0; font-size: 19px; }
        .recommendation p { font-size: 17px; margin: 0 0 14px; max-width: 68em; }
        .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; }
        .tile { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; display: flex; flex-direction: column; }
        .tile .label { color: var(--muted); font-size: 13px; }
        .tile .value { font-size: 24px; font-weight: 700; }
        .tile .detail { color: var(--muted); font-size: 13px; }
        nav { display: flex; flex-wrap: wrap; gap: 8px 18px; margin: 22px 0 0; font-size: 15px; }
        nav a { color: var(--accent); text-decoration: none; }
        .table-wrap { overflow-x: auto; margin: 12px 0 18px; }
        table { border-collapse: collapse; font-size: 14px; width: 100%; }
        th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
        th { background: var(--soft); font-weight: 600; white-space: normal; vertical-align: bottom; }
        .pair td, table.reach td { white-space: normal; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.best td { background: #eaf5ea; font-weight: 600; }
        tr.warned td:first-child::after { content: " ⚠"; color: var(--warn); }
        .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 18px; }
        .pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 18px; align-items: start; }
        figure { margin: 0; }
        figure svg { width: 100%; height: auto; display: block; border: 1px solid var(--line); border-radius: 6px; }
        figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
        ul.warnings { margin: 6px 0 0; padding-left: 18px; font-size: 13px; color: var(--warn); }
        details { margin: 6px 0 20px; }
        summary { cursor: pointer; color: var(--accent); }
        .absent { color: var(--muted); font-style: italic; }
        code { background: var(--soft); padding: 1px 5px; border-radius: 4px; font-size: 0.92em; }
        .footer { color: var(--muted); font-size: 13px; margin-top: 18px; }
        .legend { font-size: 13px; color: var(--muted); }
        .key { display: inline-block; width: 22px; height: 10px; margin: 0 5px 0 14px; vertical-align: middle; }
        .key.law { border-top: 3px solid var(--accent); height: 0; }
        .key.band { background: rgba(0, 114, 178, 0.2); }
        .key.dot { width: 9px; height: 9px; border-radius: 50%; background: var(--accent); }
        .key.ring { width: 9px; height: 9px; border-radius: 50%; border: 2px solid var(--accent); }
        .key.cross { width: auto; height: auto; color: #D62728; font-weight: 700; }
        .key.dash { border-top: 2px dashed var(--accent); height: 0; }
        .key.dots { border-top: 2px dotted #8A8F98; height: 0; }
        @media print { nav { display: none; } .grid { grid-template-columns: 1fr 1fr; } }

        """;
}
