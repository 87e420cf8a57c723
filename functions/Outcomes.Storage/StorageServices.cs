using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Outcomes.Practice;
using Outcomes.Practice.Alerts;
using Outcomes.Practice.Data;
using Outcomes.Practice.Email;

namespace Outcomes.Storage;

/// <summary>The storage adapters register themselves: each port of the practice over Azure Table and Queue Storage.</summary>
public static class StorageServices
{
    /// <summary>
    /// The storage clients from a connection string or service URI each (<see cref="StorageClients"/>),
    /// with <paramref name="policies"/> in every request's pipeline (tests count and fail requests), and
    /// every port they serve.
    /// </summary>
    public static IServiceCollection AddOutcomesStorage(this IServiceCollection services, string tables, string queues, params HttpPipelinePolicy[] policies)
    {
        services.AddSingleton(StorageClients.Tables(tables, policies));
        services.AddSingleton(StorageClients.Queues(queues, policies));
        services.AddSingleton<PracticeTables>();
        services.AddSingleton<IClientRecords, TableClientRecords>();
        services.AddSingleton<ICaseloads, TableCaseloads>();
        services.AddSingleton<ITherapists, TableTherapists>();
        services.AddSingleton<StorageQueues>();
        services.AddSingleton<IWorkQueues>(sp => sp.GetRequiredService<StorageQueues>());
        services.AddSingleton<TableSchedule>();
        services.AddSingleton<ISchedule>(sp => sp.GetRequiredService<TableSchedule>());
        services.AddSingleton<TableOutbox>();
        services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<TableOutbox>());
        services.AddSingleton<ITimerRuns, TableTimerRuns>();
        services.AddSingleton<TableAuditLog>();
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<TableAuditLog>());
        services.AddSingleton<IPersonalData, TablePersonalData>();
        services.AddSingleton<TableLinkKey>();
        services.AddSingleton<ILinkKey>(sp => sp.GetRequiredService<TableLinkKey>());
        services.AddSingleton<TableExpectedRecoveryFits>();
        services.AddSingleton<Practice.Learning.IExpectedRecoveryFits>(sp => sp.GetRequiredService<TableExpectedRecoveryFits>());
        return services;
    }

    /// <summary>Creates the tables and queues if they are missing (Azure's are created by the deployment).</summary>
    public static async Task EnsureStorageAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<PracticeTables>().EnsureCreatedAsync(cancellationToken);
        await services.GetRequiredService<TableOutbox>().EnsureCreatedAsync(cancellationToken);
        await services.GetRequiredService<TableSchedule>().EnsureCreatedAsync(cancellationToken);
        await services.GetRequiredService<TableLinkKey>().EnsureCreatedAsync(cancellationToken);
        await services.GetRequiredService<TableAuditLog>().EnsureCreatedAsync(cancellationToken);
        await services.GetRequiredService<TableExpectedRecoveryFits>().EnsureCreatedAsync(cancellationToken);
        await services.GetRequiredService<StorageQueues>().EnsureCreatedAsync(cancellationToken);
    }
}
