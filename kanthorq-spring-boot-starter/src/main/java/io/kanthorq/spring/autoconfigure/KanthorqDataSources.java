package io.kanthorq.spring.autoconfigure;

import io.kanthorq.core.InvalidInputException;
import io.kanthorq.spring.KanthorqDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;

/** Which {@link DataSource} KanthorQ uses: the {@link KanthorqDataSource} one, else the only or primary one. */
final class KanthorqDataSources {

    private KanthorqDataSources() {}

    static DataSource resolve(ObjectProvider<DataSource> dedicated, ObjectProvider<DataSource> any) {
        DataSource marked = dedicated.getIfAvailable();
        if (marked != null) {
            return marked;
        }
        DataSource unique = any.getIfUnique();
        if (unique == null) {
            throw new InvalidInputException("KanthorQ found " + any.stream().count() + " DataSource beans, none"
                    + " of them @Primary or annotated @KanthorqDataSource: mark the one KanthorQ should use with"
                    + " @KanthorqDataSource (or set kanthorq.enabled=false)");
        }
        return unique;
    }
}
