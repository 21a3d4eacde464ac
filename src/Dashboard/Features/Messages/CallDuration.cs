using Microsoft.Extensions.Localization;

namespace Dashboard.Features.Messages;

/// <summary>A bridged call's length as people say it (45秒, 2分05秒), for the card, the timeline and the bridge button.</summary>
public static class CallDuration
{
    public static string Text(IStringLocalizer text, int seconds)
    {
        ArgumentNullException.ThrowIfNull(text);
        return seconds < 60 ? text["CallDuration_Seconds", seconds] : text["CallDuration_MinutesSeconds", seconds / 60, seconds % 60];
    }
}
