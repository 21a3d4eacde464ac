using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.EndToEnd;

/// <summary>Messages made through the public API (the phone system's way in), for tests whose subject is not the console.</summary>
public static class ApiMessages
{
    public static async Task<Guid> PostAsync(AppFixture fixture, string tenantSlug, string subject, string urgency, string callbackNumber = "090-1234-5678")
    {
        using var client = fixture.KeyClient(TestWorld.OperatorKey);
        using var response = await client.PostAsJsonAsync("/api/v1/messages", new
        {
            tenant = tenantSlug,
            callerName = "山田 花子",
            callerOrganization = "",
            callbackNumber,
            forWhom = "",
            subject,
            body = "",
            urgency,
            operatorNote = "",
        }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        return json.GetProperty("id").GetGuid();
    }

    /// <summary>A tenant's messages, as its own API key sees them.</summary>
    public static async Task<IReadOnlyList<JsonElement>> ListAsync(AppFixture fixture, string tenantKey)
    {
        using var client = fixture.KeyClient(tenantKey);
        var json = await client.GetFromJsonAsync<JsonElement>("/api/v1/messages", TestContext.Current.CancellationToken);
        return [.. json.EnumerateArray()];
    }
}
