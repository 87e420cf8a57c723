using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Outcomes.Api;

/// <summary>
/// Who made an admin-API call, as the audit log names it: "admin key" and the key's fingerprint
/// (the first 8 hex digits of its SHA-256), so that calls made with two people's keys (two
/// Functions keys) are told apart without the audit ever holding a key. README says how to work
/// out a key's fingerprint.
/// </summary>
public static class AdminCaller
{
    public const string KeyHeader = "x-functions-key";

    public static string Of(HttpRequest request)
    {
        var key = request.Headers[KeyHeader].ToString();
        if (key.Length == 0)
        {
            key = request.Query["code"].ToString(); // the Functions host also takes a key as ?code=
        }

        return key.Length == 0 ? Practice.Data.Actors.AdminKey : $"{Practice.Data.Actors.AdminKey} {Fingerprint(key)}";
    }

    public static string Fingerprint(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8];
}
