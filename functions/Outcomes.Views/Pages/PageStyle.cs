using System.Security.Cryptography;
using System.Text;

namespace Outcomes.Views.Pages;

/// <summary>
/// The one stylesheet of every page, inline so that a page is one response; the pages' Content
/// Security Policy allows exactly this style by its hash, and no script at all.
/// </summary>
public static class PageStyle
{
    public const string Css = """
        body{font-family:system-ui,sans-serif;margin:0;padding:1rem;line-height:1.5;color:#1a1a1a;background:#fff;max-width:46rem}
        h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.5rem}h3{font-size:1rem;margin:.8rem 0 .2rem}
        fieldset{border:1px solid #767676;border-radius:.4rem;margin:0 0 1.5rem;padding:1rem}
        legend{font-weight:700;padding:0 .3rem}.item{margin:0 0 1rem}.item p{margin:0 0 .3rem;font-weight:600}
        label{display:block;padding:.35rem 0}input[type=radio]{width:1.2rem;height:1.2rem;margin-right:.5rem;vertical-align:middle}
        textarea{width:100%;min-height:5rem;font:inherit}
        button{font:inherit;font-size:1.1rem;padding:.7rem 1.4rem;border:0;border-radius:.4rem;background:#0b57d0;color:#fff}
        :focus-visible{outline:3px solid #b3261e;outline-offset:2px}
        .errors{border:3px solid #b3261e;padding:1rem;margin:0 0 1.5rem}.error{color:#b3261e;font-weight:600}
        .crisis,.alert{border:3px solid #b3261e;padding:1rem;background:#fff4f4}.done{border:3px solid #1d6b2f;padding:1rem}.notice{border:3px solid #8a5a00;padding:0 1rem;background:#fffaf0;margin:0 0 1rem}small{color:#4a4a4a}
        table{border-collapse:collapse}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ccc}
        img,figure svg{max-width:100%;height:auto}.chart-canvas svg{min-width:36rem}.charts-row{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:0 1rem}.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:0 2rem}
        table.grid td{text-align:center}table.grid tbody th,table.grid tfoot th{font-weight:400;min-width:14rem}table.grid tfoot{font-weight:600}.key{font-size:.9rem}.actions{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:.8rem 0}.actions form{margin:0}button.secondary{background:#fff;color:#0b57d0;border:2px solid #0b57d0}code.link-text{word-break:break-all}ul.columns{columns:12rem}code{overflow-wrap:anywhere}form.inline{display:inline;margin-left:.4rem}button.small{font-size:.85rem;padding:.1rem .5rem}figure{margin:1rem 0}.scroll{overflow-x:auto}figcaption{font-size:.9rem;color:#444}#needs-attention h2{color:#8a1c1c}#improving h2{color:#1d6b2f}
        .skip{position:absolute;left:-100vw}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
        nav ul{list-style:none;padding:0;margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:1rem}nav form{margin:0 0 1rem}
        button.link{background:none;color:#0b57d0;text-decoration:underline;padding:0;font-size:1rem}
        .filter label{display:inline-block;margin-right:.3rem}.filter input,.filter select{font:inherit;margin-right:.8rem}.filter button{font-size:1rem;padding:.4rem .9rem}
        tr.risk{background:#fff4f4}.clients>li{margin:0 0 1rem}.facts th{font-weight:600}body.portal{max-width:72rem}caption{text-align:left;font-weight:600}
        .milestones{list-style:none;padding:0}.milestones li{border-left:4px solid #1d6b2f;padding:.3rem .8rem;margin:0 0 .8rem;background:#f3faf4}blockquote{margin:.3rem 0 0;font-style:italic}.gentle{border-left:4px solid #767676;padding:.2rem .8rem}.help{border-top:1px solid #ccc;margin-top:2rem}.preview{border:2px dashed #767676;padding:0 1rem;margin-top:.5rem}
        .change label{display:block;padding:0}.change select{font:inherit;max-width:100%}.change button{font-size:1rem;padding:.3rem .8rem;margin-top:.3rem}
        @media print{body{max-width:none;padding:0;font-size:10pt;line-height:1.3}h1{font-size:13pt;margin:0 0 .3rem}h2{font-size:11pt;margin:.6rem 0 .2rem}h3{font-size:10pt;margin:.4rem 0 .1rem}ul,p{margin:.2rem 0}details{display:none}.scroll{overflow:visible}.chart-canvas svg{min-width:0}.charts-row{grid-template-columns:repeat(3,1fr)}}
        """;

    private static readonly string Hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)));

    /// <summary>
    /// Scripts, images, frames, plug-ins and foreign origins are all forbidden (charts are inline
    /// SVG); only this style and form posts to the site itself — and, when the portal signs in
    /// elsewhere, on to <paramref name="signInOrigin"/>: a portal form posted after the session
    /// ended is redirected to the provider's sign-in, and browsers hold form redirects to this rule.
    /// </summary>
    public static string ContentSecurityPolicy(string? signInOrigin = null) =>
        $"default-src 'none'; style-src 'sha256-{Hash}'; form-action 'self'{(signInOrigin is null ? "" : " " + signInOrigin)}; frame-ancestors 'none'; base-uri 'none'";
}
