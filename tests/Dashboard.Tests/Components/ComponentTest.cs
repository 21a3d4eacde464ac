using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Tests.Components;

/// <summary>
/// bUnit base for the shared components: MudBlazor services, loose JS interop, the app's own resource files
/// (Japanese by default, English on request), the app's notification channels and a popover provider for tooltips.
/// </summary>
public abstract class ComponentTest : BunitContext
{
    protected ComponentTest()
    {
        Services.AddMudServices();
        Services.AddLocalization(options => options.ResourcesPath = "Resources");
        Services.AddScoped<Dashboard.Features.Localization.CircuitCulture>();
        // The app's channels as the app registers them; a test adds a ChannelDescription before rendering to add one.
        Services.AddSingleton(Dashboard.Features.Notifications.Phone.PhoneChannel.Description);
        Services.AddSingleton(Dashboard.Features.Notifications.Email.EmailChannel.Description);
        Services.AddSingleton<Dashboard.Features.Notifications.NotificationChannelCatalog>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        UseCulture("ja");
    }

    /// <summary>Culture flows with the test's execution context; call at the start of a test to switch language.</summary>
    protected static void UseCulture(string name)
    {
        var culture = CultureInfo.GetCultureInfo(name);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    protected void RenderPopoverProvider() => Render<MudBlazor.MudPopoverProvider>();

    /// <summary>The d attributes of an icon's paths: the icon's identity, whatever the SVG serialisation.</summary>
    protected static IReadOnlyList<string> IconPaths(string icon) =>
        [.. System.Text.RegularExpressions.Regex.Matches(icon, "\\bd=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];

    protected static IReadOnlyList<string> RenderedPaths(AngleSharp.Dom.IElement element) =>
        [.. element.QuerySelectorAll("svg path").Select(p => p.GetAttribute("d") ?? "")];
}
