using Dashboard.Features.Tenancy;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Dashboard.Features.Notifications.Phone;

/// <summary>
/// Lets a request through only if Twilio signed it for this public URL and these form fields; then, and only
/// then, the tenant in the (signed) path becomes the request's tenant. Anything else is 403 and touches nothing.
/// </summary>
public sealed class TwilioSignatureFilter(IOptions<TwilioOptions> options, PublicUrls urls, TenantContext tenant) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var form = request.HasFormContentType ? await request.ReadFormAsync(context.HttpContext.RequestAborted) : null;
        var url = urls.For(request.Path.Value + request.QueryString.Value).AbsoluteUri;
        if (!TwilioSignature.IsValid(options.Value.AuthToken, request.Headers[TwilioSignature.Header], url, FieldsOf(form))
            || request.RouteValues["tenantId"] is not string tenantText || !Guid.TryParse(tenantText, out var tenantId))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Invalid Twilio signature");
        }
        tenant.SetTenant(tenantId);
        return await next(context);
    }

    private static IEnumerable<KeyValuePair<string, string>> FieldsOf(IFormCollection? form) =>
        form is null ? [] : form.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string>(field.Key, value ?? "")));

    /// <summary>The value of a form field Twilio sent, or null.</summary>
    public static string? Field(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HasFormContentType && request.Form.TryGetValue(name, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString() : null;
    }
}
