using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AdmissionGuard.Testing;
using AdmissionGuard.Tests.Server;

namespace AdmissionGuard.Tests.Hardening;

/// <summary>
/// The webhook's promise for any body, over HTTPS: a 4xx with the short JSON error, or a 200 with a
/// well-formed AdmissionReview in the request's version that echoes the uid whenever an
/// independent reader finds one. Never a 5xx, never a dropped connection.
/// </summary>
internal static class HttpInvariant
{
    /// <summary>Posts the body, checks the answer, returns its status and JSON.</summary>
    public static async Task<(int Status, JsonObject Body)> AnswerAsync(HttpClient client, string path, byte[] body, string context)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync(path, content);
        }
        catch (HttpRequestException e)
        {
            throw new Xunit.Sdk.XunitException($"{context}: no answer ({e.Message})");
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var answer = await response.Content.ReadAsByteArrayAsync();
            JsonObject json;
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{context}: {status} without a JSON body");
            if (status == 200)
            {
                json = AnswerChecks.AssertWellFormed(
                    answer,
                    AnswerChecks.Readable(body, "apiVersion"),
                    AnswerChecks.Readable(body, "request", "uid"),
                    path == "/mutate",
                    context);
            }
            else
            {
                Assert.True(status is >= 400 and < 500, $"{context}: answered {status}: {System.Text.Encoding.UTF8.GetString(answer)}");
                json = JsonNode.Parse(answer)!.AsObject();
                Assert.Equal(status, (int)json["status"]!);
                Assert.False(string.IsNullOrWhiteSpace((string?)json["reason"]), context);
                Assert.False(string.IsNullOrWhiteSpace((string?)json["message"]), context);
            }

            return (status, json);
        }
    }

    public static async Task<int> CheckAsync(HttpClient client, string path, byte[] body, string context) =>
        (await AnswerAsync(client, path, body, context)).Status;

    /// <summary>Runs cases four at a time (the API server sends concurrently too), alternating the two endpoints.</summary>
    public static async Task<Dictionary<int, int>> CheckAllAsync(RunningServer server, IEnumerable<ReviewMutations.Case> cases, string sample)
    {
        var statuses = new Dictionary<int, int>();
        var indexed = cases.Select((c, i) => (Case: c, Path: i % 2 == 0 ? "/validate" : "/mutate"));
        await Parallel.ForEachAsync(indexed, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (item, _) =>
        {
            var status = await CheckAsync(server.Client, item.Path, item.Case.Body, $"{sample} {item.Path}, {item.Case.What}");
            lock (statuses)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
        });
        return statuses;
    }
}
