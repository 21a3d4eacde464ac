using MudBlazor;

namespace Dashboard.Components.Shared;

/// <summary>The one theme, light and dark. Error red is reserved for Emergency; Urgent uses the warning amber.</summary>
public static class DashboardTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e5aa8",
            Secondary = "#00897b",
            AppbarBackground = "#1e5aa8",
            Error = "#c62828",
            Warning = "#ef6c00",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#82b1ff",
            Secondary = "#4db6ac",
            Error = "#ff5252",
            Warning = "#ffab40",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Noto Sans JP", "Hiragino Kaku Gothic ProN", "Meiryo", "Roboto", "sans-serif"],
            },
            // Buttons read as words in both languages, not SHOUTED in English.
            Button = new ButtonTypography { TextTransform = "none" },
        },
    };
}
