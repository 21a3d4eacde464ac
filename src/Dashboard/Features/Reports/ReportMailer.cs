using Dashboard.Features.Notifications;
using Dashboard.Features.Notifications.Email;

namespace Dashboard.Features.Reports;

/// <summary>
/// The one place the report e-mail leaves through: the configured SMTP sender, or, with none configured (the demo
/// run), only a log line. A report is not a notification to a contact (no reply path, no outbox row), so it uses the
/// e-mail channel's sender rather than the channel contract; kept thin so that can change without touching the job.
/// </summary>
public sealed class ReportMailer(IServiceProvider services, ILogger<ReportMailer> log)
{
    /// <summary>Sends and returns the provider's reference; throws <see cref="TransientSendException"/> when it certainly did not go out.</summary>
    public async Task<string> SendAsync(string address, ComposedEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (services.GetService<SmtpEmailSender>() is { } smtp)
        {
            return await smtp.SendAsync("", address, email, cancellationToken);
        }
        log.LogInformation("No SMTP configured: the monthly report e-mail to {Address} ({Subject}) was not sent.", address, email.Subject);
        return $"dev-report-{Guid.NewGuid():N}";
    }
}
