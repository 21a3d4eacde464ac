using Dashboard.Tests.Infrastructure;
using Dashboard.Tests.Notifications.Email;
using Dashboard.Tests.Notifications.Phone;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.Callbacks;

/// <summary>
/// The app with a Twilio stub, a real SMTP server and a <see cref="FakeTimeProvider"/> as its clock: deadlines pass when a
/// test advances it (the sweeps' timers tick on the fake clock too; the tests also sweep explicitly).
/// </summary>
public sealed class DeadlineFixture : AppFixture
{
    public TwilioStub Stub { get; private set; } = default!;
    public SmtpTestServer Smtp { get; } = new();
    /// <summary>Starts on a whole second: PostgreSQL keeps microseconds, .NET ticks, so stored times compare equal.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    protected override async ValueTask ConfigureAppAsync(DashboardApp app)
    {
        Stub = await TwilioStub.StartAsync();
        app.Settings["Twilio:BaseUrl"] = Stub.BaseUrl.ToString();
        app.Settings["Twilio:AccountSid"] = TwilioStub.AccountSid;
        app.Settings["Twilio:AuthToken"] = TwilioStub.AuthToken;
        app.Settings["Twilio:FromNumber"] = TwilioStub.FromNumber;
        await Smtp.StartAsync();
        app.Settings["Smtp:Host"] = "127.0.0.1";
        app.Settings["Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Smtp:From"] = EmailAppFixture.From;
        app.Settings["Smtp:Security"] = "None";
        app.ExtraServices.Add(services => services.AddSingleton<TimeProvider>(Time));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stub.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
