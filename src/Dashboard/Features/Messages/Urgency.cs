namespace Dashboard.Features.Messages;

public enum Urgency
{
    Normal = 0,
    Urgent = 1,
    Emergency = 2,
}

public enum MessageStatus
{
    New = 0,
    Acknowledged = 1,
    Resolved = 2,
}

/// <summary>Through which channel a change was made; stamped on every status change.</summary>
public enum ChangeChannel
{
    Dashboard = 0,
    Api = 1,
    EmailLink = 2,
    PhoneKeypress = 3,
    System = 4,
}

public enum MessageEventKind
{
    Created = 0,
    Seen = 1,
    Acknowledged = 2,
    Resolved = 3,
    /// <summary>An escalation step went out; ActorName lists who was contacted and how.</summary>
    EscalationStep = 4,
    /// <summary>Every step ran and nobody acknowledged.</summary>
    EscalationExhausted = 5,
    /// <summary>The callback deadline passed: the person who acknowledged was reminded (ActorName: who).</summary>
    CallbackReminded = 6,
    /// <summary>Still not called back after the reminder: the operators' board raised 折り返し未完了.</summary>
    CallbackOverdue = 7,
}
