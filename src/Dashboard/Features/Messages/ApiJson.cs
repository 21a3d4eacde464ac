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
    public static T? TryRead<T>(byte[] body) where T : class
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize<T>(body, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
