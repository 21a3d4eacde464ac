namespace Dashboard.Features.Accounts;

/// <summary>
/// An authentication state provider that can re-read its circuit's user on demand (a revocation was heard). Accounts
/// owns the contract so the circuit handler need not know which feature supplies the provider.
/// </summary>
public interface IRecheckUser
{
    Task RecheckNowAsync(CancellationToken cancellationToken);
}
