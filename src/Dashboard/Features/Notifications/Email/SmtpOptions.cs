using MailKit.Security;
using MimeKit;

namespace Dashboard.Features.Notifications.Email;

public enum SmtpSecurity
{
    /// <summary>TLS on port 465, STARTTLS when the server offers it elsewhere.</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The `Smtp` settings. With no <see cref="Host"/>, e-mail goes to the development outbox instead.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    /// <summary>"notify@example.jp" or "電話代行 通知 &lt;notify@example.jp&gt;"; without a name, a localized one is used.</summary>
    public string? From { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public MailboxAddress FromAddress => MailboxAddress.Parse(From ?? "");

    public SecureSocketOptions SocketOptions => Security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    /// <summary>Reasons the settings cannot work, for a clear failure at start-up instead of at the first urgent message.</summary>
    public IEnumerable<string> Problems()
    {
        if (Port is < 1 or > 65535)
        {
            yield return $"Smtp:Port {Port} is not a port number.";
        }
        if (string.IsNullOrWhiteSpace(From) || !MailboxAddress.TryParse(From, out _))
        {
            yield return "Smtp:From must be an e-mail address, optionally with a display name: \"電話代行 通知 <notify@example.jp>\".";
        }
        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return "Smtp:UserName and Smtp:Password go together.";
        }
    }
}
