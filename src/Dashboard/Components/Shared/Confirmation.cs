using MudBlazor;

namespace Dashboard.Components.Shared;

/// <summary>
/// The one way a page asks "are you sure?" before something that cannot be taken back by the person it hurts
/// (a revoked key stops a client's integration at once; a deactivated user or tenant loses access).
/// </summary>
public static class Confirmation
{
    /// <summary>True only when the person pressed <paramref name="confirmText"/>; closing or cancelling is false.</summary>
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string message, string confirmText, string cancelText)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var answer = await dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = title,
            Message = message,
            YesText = confirmText,
            CancelText = cancelText,
        }, new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small, FullWidth = true });
        return answer == true;
    }
}
