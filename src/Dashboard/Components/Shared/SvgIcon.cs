using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Shared;

/// <summary>
/// A Material icon as plain markup, the same element <c>MudIcon</c> renders. Cards render it many times per circuit: a
/// component per icon is a render tree and a state object kept for the circuit's life, markup is one shared string.
/// </summary>
public static class SvgIcon
{
    private static readonly ConcurrentDictionary<(string Icon, string Size, string? Class), MarkupString> Cache = new();

    /// <param name="icon">An <c>Icons.Material...</c> value (the SVG's inner markup).</param>
    /// <param name="size">small, medium or large.</param>
    /// <param name="cssClass">Extra classes, e.g. <c>mud-chip-icon</c>.</param>
    public static MarkupString Of(string icon, string size = "small", string? cssClass = null) =>
        Cache.GetOrAdd((icon, size, cssClass), key => new MarkupString(
            $"""<svg class="mud-icon-root mud-svg-icon mud-icon-size-{key.Size}{(key.Class is null ? "" : " " + key.Class)}" focusable="false" viewBox="0 0 24 24" aria-hidden="true" role="img">{key.Icon}</svg>"""));
}
