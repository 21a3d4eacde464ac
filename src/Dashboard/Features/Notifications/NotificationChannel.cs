namespace Dashboard.Features.Notifications;

/// <summary>
/// Which channel an attempt or a policy step uses; stored as its number (decision 24). A new channel adds a member
/// here; everything else about it is its folder and its <see cref="ChannelDescription"/>: nothing switches on this.
/// </summary>
public enum NotificationChannel
{
    PhoneCall = 0,
    Email = 1,
}
