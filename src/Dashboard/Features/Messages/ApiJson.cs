using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Features.Messages;

/// <summary>The API's JSON rules in one place: camelCase, enums as strings.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    /// <summary>Reads the body ourselves so a malformed document becomes a problem document, not a framework 400 with no detail.</summary>
    public static T? TryRead<T>(byte[] body) where T : class => TryRead<T>(body, out _);

    /// <summary>As <see cref="TryRead{T}(byte[])"/>, and names the field whose value has the wrong type ("callerName"), if it was one field.</summary>
    public static T? TryRead<T>(byte[] body, out string? badField) where T : class
    {
        ArgumentNullException.ThrowIfNull(body);
        badField = null;
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize<T>(body, Options);
        }
        catch (JsonException ex)
        {
            // "$.callerName" for a number where a string belongs; "$" or nothing for a document that is no JSON at all.
            if (ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal))
            {
                badField = path[2..].Split('.', '[')[0];
            }
            return null;
        }
    }
}
