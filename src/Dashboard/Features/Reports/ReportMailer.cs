using Dashboard.Features.Escalation;
using Dashboard.Features.Notifications.Email;

namespace Dashboard.Features.Reports;

/// <summary>
/// The one place the report e-mail leaves through: the configured e-mail sender (SMTP), or, with none configured
/// (the demo run), only a log line. Kept thin so it moves onto a channel contract without touching the job.
/// </summary>
public sealed class ReportMailer(IEnumerable<INotificationSender> senders, ILogger<ReportMailer> log)
{
    /// <summary>Sends and returns the provider's reference; throws <see cref="TransientSendException"/> when it certainly did not go out.</summary>
    public async Task<string> SendAsync(string address, ComposedEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        if (senders.FirstOrDefault(s => s.Channel == NotificationChannel.Email) is SmtpEmailSender smtp)
        {
            return await smtp.SendComposedAsync("", address, email, cancellationToken);
        }
        log.LogInformation("No SMTP configured: the monthly report e-mail to {Address} ({Subject}) was not sent.", address, email.Subject);
        return $"dev-report-{Guid.NewGuid():N}";
    }
}
