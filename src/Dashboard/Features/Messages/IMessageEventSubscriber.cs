namespace Dashboard.Features.Messages;

/// <summary>
/// Reacts to <typeparamref name="TEvent"/> inside the transaction that raised it, on the same context
/// (<see cref="MessageWrite.Db"/>): whatever it writes commits or rolls back with the change. Work that must
/// only happen once the change is durable (scheduling a job) goes through <see cref="MessageWrite.AfterCommit"/>.
/// (Not "...Handler": CA1711 keeps that suffix for delegates.) Register with <see cref="MessageEventRegistration.AddMessageEventSubscriber{TEvent, THandler}"/>; a handler
/// of <see cref="IMessageEvent"/> itself hears every event.
/// </summary>
public interface IMessageEventSubscriber<in TEvent> where TEvent : IMessageEvent
{
    Task HandleAsync(TEvent change, MessageWrite write, CancellationToken cancellationToken);
}
