using System.Net;
using System.Net.Http.Json;
using Dashboard.Features.Messages;

namespace Dashboard.Tests.Messages;

/// <summary>Records and reads calls through the public API, as the operator centre and a tenant's own systems do.</summary>
internal static class TestMessages
{
    public const string TenantA = "alpha-clinic";
    public const string TenantB = "beta-build";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static async Task<MessageDto> PostAsync(HttpClient operatorCentre, string tenant, string subject, string urgency = "Urgent")
    {
        using var response = await operatorCentre.PostAsJsonAsync("/api/v1/messages", new
        {
            tenant,
            callerName = "山田 花子",
            callerOrganization = "山田商事",
            callbackNumber = "03-1234-5678",
            forWhom = "院長",
            subject,
            body = "折り返しお願いします",
            urgency,
            operatorNote = "",
        }, Cancellation);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST for {tenant} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancellation)}");
        }
        return await ReadAsync(response);
    }

    public static async Task<MessageDto> ReadAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<MessageDto>(ApiJson.Options, Cancellation)
        ?? throw new InvalidOperationException("Empty message body.");

    public static async Task<MessageDto> GetAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/messages/{id}", UriKind.Relative), Cancellation);
        response.EnsureSuccessStatusCode();
        return await ReadAsync(response);
    }

    public static async Task<List<MessageDto>> ListAsync(HttpClient client, string query = "")
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/messages{query}", UriKind.Relative), Cancellation);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<MessageDto>>(ApiJson.Options, Cancellation) ?? [];
    }

    /// <summary>The query string for "everything changed at or after this instant".</summary>
    public static string Since(DateTimeOffset since) =>
        "?since=" + Uri.EscapeDataString(since.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}
