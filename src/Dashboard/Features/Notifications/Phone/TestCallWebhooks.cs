using Dashboard.Data;
using Dashboard.Features.AccountManagement.Contacts;
using Dashboard.Features.Messages;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Features.Notifications.Phone;

/// <summary>
/// Twilio's callbacks for a contact's test call (see <see cref="ContactTester"/>): who is calling and "press 1
/// to confirm this number". Signed like every Twilio webhook; "1" verifies the number only if it is still the
/// contact's number, which Twilio's signed `To` field says was called.
/// </summary>
public static class TestCallWebhooks
{
    public static IEndpointRouteBuilder MapTestCallWebhooks(this IEndpointRouteBuilder app)
    {
        var test = app.MapGroup(PhoneWebhookPaths.TestPattern)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription()
            .AddEndpointFilter<TwilioSignatureFilter>();
        test.MapPost("/voice", VoiceAsync);
        test.MapPost("/gather", GatherAsync);
        return app;
    }

    private static async Task<IResult> VoiceAsync(Guid tenantId, Guid contactId, IDbContextFactory<AppDbContext> dbFactory, CallScript script, PublicUrls urls,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId, cancellationToken);
        if (contact is null)
        {
            return Results.NotFound();
        }
        var tenantName = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.DisplayName).FirstAsync(cancellationToken);
        return Results.Content(script.TestCall(contact.Language, tenantName, urls.For(PhoneWebhookPaths.TestGather(tenantId, contactId))), TwilioWebhooks.Xml);
    }

    /// <summary>"1" confirms the number; any other key hears the question again.</summary>
    private static async Task<IResult> GatherAsync(Guid tenantId, Guid contactId, HttpRequest request, IDbContextFactory<AppDbContext> dbFactory,
        ContactVerification verification, CallScript script, PublicUrls urls, CancellationToken cancellationToken)
    {
        if (TwilioSignatureFilter.Field(request, "Digits") != "1")
        {
            return await VoiceAsync(tenantId, contactId, dbFactory, script, urls, cancellationToken);
        }
        var called = TwilioSignatureFilter.Field(request, "To");
        var outcome = await verification.ConfirmAsync(contactId, NotificationChannel.PhoneCall,
            phone => string.Equals(phone, called, StringComparison.Ordinal), ChangeChannel.PhoneKeypress, cancellationToken);
        if (outcome == VerificationOutcome.NotFound)
        {
            return Results.NotFound();
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var language = await db.Contacts.Where(c => c.Id == contactId).Select(c => c.Language).FirstAsync(cancellationToken);
        return Results.Content(script.TestAnswered(language, outcome != VerificationOutcome.AddressChanged), TwilioWebhooks.Xml);
    }
}
