using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Notifications.Email;

/// <summary>The app with a real SMTP server to send to, started first and named in the app's settings.</summary>
public sealed class EmailAppFixture : AppFixture
{
    public const string From = "電話代行 通知 <notify@answering.example>";

    public SmtpTestServer Smtp { get; } = new();

    protected override async ValueTask ConfigureAppAsync(DashboardApp app)
    {
        await Smtp.StartAsync();
        app.Settings["Smtp:Host"] = "127.0.0.1";
        app.Settings["Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Smtp:From"] = From;
        app.Settings["Smtp:Security"] = "None";
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
