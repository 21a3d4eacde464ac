using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Features.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A POST with the antiforgery token, so neither a link nor another site's form can sign anyone out.
        // The endpoint binds no form, so the antiforgery middleware would not check it on its own: checked here.
        app.MapPost("/Account/Logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<ApplicationUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/Account/Login");
        }).RequireAuthorization().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }
}
