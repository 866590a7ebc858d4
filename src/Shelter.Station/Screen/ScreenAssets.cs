using System.Net;

namespace Shelter.Station.Screen;

/// <summary>The page, its script and its style, embedded in the station (no file beside the binary, no external resource).</summary>
public static class ScreenAssets
{
    public static string Read(string name)
    {
        using var stream = typeof(ScreenAssets).Assembly.GetManifestResourceStream("screen/" + name)
            ?? throw new InvalidOperationException($"screen asset {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>What a browser without the session sees: where the start link is.</summary>
    public static string NoSessionPage(string linkFile) => $"""
        <!doctype html><html lang="ja"><head><meta charset="utf-8"><title>受付端末 / Station</title><link rel="stylesheet" href="/station.css"></head>
        <body class="nosession"><main><h1>この画面は起動用リンクから開いてください</h1>
        <p>端末の起動用リンクは、端末を動かしているユーザーだけが読めるファイル <code>{WebUtility.HtmlEncode(linkFile)}</code> にあります。リンクは一度だけ使えます（使うと新しいものに替わります）。</p>
        <p lang="en">Open this screen from its start link, in <code>{WebUtility.HtmlEncode(linkFile)}</code> (readable by the station's user only). A link works once; using it writes a new one.</p>
        </main></body></html>
        """;
}
