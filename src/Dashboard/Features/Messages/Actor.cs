namespace Dashboard.Features.Messages;

/// <summary>Who made a change and through which channel; stamped on the message and its timeline.</summary>
public sealed record Actor(Guid? UserId, string Name, ChangeChannel Channel);
