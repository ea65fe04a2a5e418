package io.retentionplatform.nurture.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The resolver seam in the tests (replacing the default {@link HostResolver.System}): a test says what a name resolves
 * to, and changes it between registration and delivery to play DNS rebinding. Other names resolve as usual.
 */
@ApplicationScoped
public class ScriptedHostResolver implements HostResolver {

    private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();

    public void answer(String host, String address) {
        try {
            answers.put(host, List.of(InetAddress.getByName(address)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> scripted = answers.get(host);
        return scripted != null ? scripted : List.of(InetAddress.getAllByName(host));
    }
}
