using System.Text.RegularExpressions;

namespace Dashboard.Tests.Architecture;

/// <summary>
/// A new channel is its folder (Features/Notifications/&lt;Channel&gt;/) plus one registration line (decision 24): nothing
/// else names a channel's kind to decide something (an icon, a label, an address, a pacing rule), it asks the
/// channel's <c>ChannelDescription</c>. This reads the app's source, because a switch compiles into nothing a
/// dependency rule could see.
/// </summary>
public sealed partial class ChannelKindTests
{
    /// <summary>Files that name a kind on purpose, each with why. Keep it short: each line is a choice a new channel does not inherit.</summary>
    private static readonly Dictionary<string, string> Exceptions = new(StringComparer.Ordinal)
    {
        ["Features/Escalation/EscalationPolicy.cs"] = "EscalationTarget.AllStaffChannel: every staff member is reached by e-mail, a user's one address",
        ["Features/Callbacks/Deadlines/CallbackReminders.cs"] = "decision 20's rule: the callback reminder phones and mails the person",
        ["Features/Demo/DemoEscalation.cs"] = "the demo's seeded policy",
        ["Features/Notifications/ChannelDescription.cs"] = "the catalog's fallback label for a kind no longer registered (an old row)",
    };

    /// <summary>A kind's member (<c>NotificationChannel.PhoneCall</c>) or a label built from the kind (<c>"NotificationChannel_…"</c>).</summary>
    [GeneratedRegex(@"NotificationChannel\.[A-Z]\w*|""NotificationChannel_")]
    private static partial Regex KindNamed();

    [Fact]
    public void NothingOutsideAChannelsFolderDecidesByTheChannelKind()
    {
        var source = Path.Combine(RepositoryRoot(), "src", "Dashboard");
        var offenders = Directory.EnumerateFiles(source, "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".cs", StringComparison.Ordinal) || path.EndsWith(".razor", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(source, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith("bin/", StringComparison.Ordinal) && !path.StartsWith("obj/", StringComparison.Ordinal)
                && !path.StartsWith("Data/Migrations/", StringComparison.Ordinal) && !InAChannelsFolder(path) && !Exceptions.ContainsKey(path))
            .SelectMany(path => Offences(File.ReadAllText(Path.Combine(source, path))).Select(line => $"{path}: {line}"))
            .ToList();
        Assert.True(offenders.Count == 0, "Ask the channel's ChannelDescription (NotificationChannelCatalog) instead of naming its kind:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void ASwitchOnTheKind_AndALabelBuiltFromIt_AreFound()
    {
        Assert.Equal(2, Offences("""
            var icon = attempt.Channel == NotificationChannel.PhoneCall ? Icons.Phone : Icons.Email;
            <span>@T[$"NotificationChannel_{attempt.Channel}"]</span>
            var catalog = services.GetRequiredService<NotificationChannelCatalog>();
            """).Count);
    }

    [Fact]
    public void EveryExceptionStillExists()
    {
        var source = Path.Combine(RepositoryRoot(), "src", "Dashboard");
        Assert.All(Exceptions.Keys, path => Assert.True(File.Exists(Path.Combine(source, path)), $"{path} is gone: drop its exception"));
    }

    /// <summary>Features/Notifications/Email/…, Features/Notifications/Phone/…: a channel's own folder.</summary>
    private static bool InAChannelsFolder(string path) =>
        path.StartsWith("Features/Notifications/", StringComparison.Ordinal) && path["Features/Notifications/".Length..].Contains('/', StringComparison.Ordinal);

    private static List<string> Offences(string text) =>
        [.. text.Split('\n').Where(line => KindNamed().IsMatch(line) && !line.TrimStart().StartsWith("///", StringComparison.Ordinal)).Select(line => line.Trim())];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dashboard.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException($"Dashboard.sln not found above {AppContext.BaseDirectory}");
    }
}
