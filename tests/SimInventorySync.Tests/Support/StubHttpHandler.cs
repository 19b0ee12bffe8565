using System.Net;
using System.Text;

namespace SimInventorySync.Tests.Support;

/// <summary>Answers HTTP calls from a script of canned answers, and records the calls.</summary>
internal sealed class StubHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _answers = new();

    public List<HttpRequestMessage> Requests { get; } = [];

    public List<Uri> RequestUris => Requests.Select(static r => r.RequestUri!).ToList();

    public StubHttpHandler Answer(HttpStatusCode status, string body, Action<HttpResponseMessage>? configure = null)
    {
        _answers.Enqueue(request =>
        {
            var response = new HttpResponseMessage(status)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
                RequestMessage = request,
            };
            configure?.Invoke(response);
            return response;
        });
        return this;
    }

    public StubHttpHandler Answer(Func<HttpRequestMessage, HttpResponseMessage> answer)
    {
        _answers.Enqueue(answer);
        return this;
    }

    public StubHttpHandler Drop()
    {
        _answers.Enqueue(static _ => throw new HttpRequestException(HttpRequestError.ResponseEnded, "An error occurred while sending the request.", new IOException("The response ended prematurely.")));
        return this;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        if (_answers.Count == 0)
        {
            throw new InvalidOperationException($"The test did not script an answer for call {Requests.Count}: {request.RequestUri}");
        }

        return Task.FromResult(_answers.Dequeue()(request));
    }
}
