using Dashboard.Features.Notifications;
using Dashboard.Features.Notifications.Email;

namespace Dashboard.Features.Contacts;

/// <summary>
/// The people an escalation can reach, in one place: the entity, its editing (the account manager's contacts page and
/// /me), its tests through any channel, and confirming an address (a test call's "1", the test e-mail's /verify link).
/// </summary>
public static class ContactsRegistration
{
    /// <summary>Where a test e-mail's "this address works" link points.</summary>
    public const string VerifyPath = "/verify";

    public static IHostApplicationBuilder AddContacts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<ContactEditor>();
        builder.Services.AddScoped<ContactDirectory>();
        builder.Services.AddScoped<ContactTester>();
        builder.Services.AddScoped<ContactVerification>();
        builder.Services.AddScoped<INotificationReplyHandler, AddressConfirmationReplies>();
        builder.Services.AddSingleton<VerifyTokens>();
        builder.Services.AddScoped<VerifyLinks>();
        builder.Services.AddLinkLanguage(VerifyPath, (services, token) =>
            services.GetRequiredService<VerifyTokens>().Read(token, out var claims) != TokenValidity.Invalid ? claims?.Language : null);
        return builder;
    }
}
