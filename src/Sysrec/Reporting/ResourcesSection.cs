namespace Sysrec.Reporting;

/// <summary>The files and sockets each shown process used (<see cref="ResourceCollector"/>), a table per process; only for a --decode recording.</summary>
internal static class ResourcesSection
{
    public static void Write(Report report, TextWriter html)
    {
        if (report.Resources is not { } resources)
            return;
        html.Write($"""
            <section id="files">
            <h2>Files and sockets</h2>
            <p class="note">What each process used through its fds, as <code>strace -yy</code> names them, and in how many calls; files first, then sockets, most used first (at most {ResourceCollector.MaxPerProcess} each).{Html.Cap(report, "are listed")}</p>
            <div class="cards">

            """);
        for (int i = 0; i < report.Shown.Count; i++)
        {
            html.Write($"<div class=\"card\"><h3>{Html.Process(report.Shown[i])}</h3>\n");
            if (resources[i].Count == 0)
            {
                html.Write("<p class=\"note\">No file or socket.</p></div>\n");
                continue;
            }
            html.Write("<table class=\"summary\">\n<thead><tr><th>file or socket</th><th class=\"num\">calls</th></tr></thead>\n<tbody>\n");
            foreach (ProcessResource resource in resources[i])
                html.Write($"<tr><td class=\"syscall\">{(resource.Socket ? "socket " : "")}{Html.Text(resource.Name)}</td><td class=\"num\">{Html.Number(resource.Calls)}</td></tr>\n");
            html.Write("</tbody>\n</table>\n</div>\n");
        }
        html.Write("</div>\n</section>\n");
    }
}
