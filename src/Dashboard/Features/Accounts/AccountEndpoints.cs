using Microsoft.AspNetCore.Identity;

namespace Dashboard.Features.Accounts;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A POST (antiforgery-checked), so a link in a page or mail can never sign anyone out.
        app.MapPost("/Account/Logout", async (SignInManager<ApplicationUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/Account/Login");
        }).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
