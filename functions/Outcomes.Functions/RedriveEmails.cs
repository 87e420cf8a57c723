using Microsoft.Azure.Functions.Worker;
using Outcomes.Practice.Email;
using static Outcomes.Hosting.Endpoints.OutcomesEndpoints;

namespace Outcomes.Functions;

/// <summary>Asks again for emails whose request was lost or whose failure is due another try, for a day (schedule: the EmailRedriveSchedule app setting, every 10 minutes by default).</summary>
public sealed class RedriveEmails(EmailDelivery delivery, TimeProvider time)
{
    [Function(nameof(RedriveEmails))]
    public Task Run([TimerTrigger("%" + Schedules.EmailRedrive + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        delivery.RedriveAsync(time.GetUtcNow(), cancellationToken);
}
