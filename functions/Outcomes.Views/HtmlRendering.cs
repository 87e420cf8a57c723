using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Outcomes.Views;

/// <summary>
/// Renders a Razor component to an HTML string (static rendering: no circuit, no script). Markup
/// characters are always encoded; other text (→, —, names in any script) is written as it is,
/// since pages and emails are UTF-8.
/// </summary>
public sealed class HtmlRendering(ILoggerFactory loggerFactory) : IAsyncDisposable
{
    // The renderer's own services: the components inject nothing, and the encoder stays theirs alone.
    private readonly HtmlRenderer _renderer = new(
        new ServiceCollection().AddSingleton(HtmlEncoder.Create(UnicodeRanges.All)).BuildServiceProvider(),
        loggerFactory);

    public Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters)
        where TComponent : IComponent =>
        _renderer.Dispatcher.InvokeAsync(async () =>
            (await _renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());

    public ValueTask DisposeAsync() => _renderer.DisposeAsync();
}
