// Compares Chinese analysis chains for the Elasticsearch index with Lucene's own filters.
// See README.md beside this file for how to run it and what it found.
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.cjk.CJKBigramFilter;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

public class Measure {
    /** standard tokenizer, cjk_width, lowercase, cjk_bigram: the chain of search/elastic/documents.py. */
    static Analyzer pairs(boolean withCharacters) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer tokenizer = new StandardTokenizer();
                TokenStream stream = new LowerCaseFilter(new CJKWidthFilter(tokenizer));
                return new TokenStreamComponents(tokenizer, new CJKBigramFilter(stream, 0xff, withCharacters));
            }
        };
    }

    record Setup(String name, Analyzer index, Analyzer search, boolean phrase) {}

    static long tokens(Analyzer analyzer, List<String> texts) throws Exception {
        long count = 0;
        for (String text : texts) {
            try (TokenStream stream = analyzer.tokenStream("f", text)) {
                stream.reset();
                while (stream.incrementToken()) count++;
                stream.end();
            }
        }
        return count;
    }

    static Query query(Setup setup, String text) {
        QueryBuilder builder = new QueryBuilder(setup.search());
        return setup.phrase() ? builder.createPhraseQuery("f", text) : builder.createBooleanQuery("f", text, BooleanClause.Occur.MUST);
    }

    public static void main(String[] args) throws Exception {
        List<String> texts = Files.readAllLines(Paths.get(args[0]));
        List<String> queries = Files.readAllLines(Paths.get(args[1]));
        Analyzer builtIn = new CJKAnalyzer();
        Analyzer withCharacters = pairs(true);
        List<Setup> setups = List.of(
            new Setup("built-in cjk, match_phrase", builtIn, builtIn, true),
            new Setup("pairs+characters both sides, match_phrase", withCharacters, withCharacters, true),
            new Setup("pairs+characters both sides, match AND", withCharacters, withCharacters, false),
            new Setup("pairs+characters indexed, pairs searched, phrase", withCharacters, pairs(false), true));
        System.out.printf("texts=%d queries=%d tokens: built-in cjk=%d, pairs+characters=%d%n",
            texts.size(), queries.size(), tokens(builtIn, texts), tokens(withCharacters, texts));
        for (Setup setup : setups) {
            Path path = Files.createTempDirectory("analyzer-measure");
            try (Directory directory = FSDirectory.open(path);
                 IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(setup.index()))) {
                for (String text : texts) {
                    Document document = new Document();
                    document.add(new TextField("f", text, Field.Store.NO));
                    writer.addDocument(document);
                }
                writer.forceMerge(1);
            }
            long bytes = 0;
            for (Path file : Files.newDirectoryStream(path)) bytes += Files.size(file);
            try (Directory directory = FSDirectory.open(path); DirectoryReader reader = DirectoryReader.open(directory)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                long right = 0, wrong = 0, missed = 0;
                int oneCharacter = 0, oneCharacterFound = 0;
                List<String> off = new ArrayList<>();
                for (String text : queries) {
                    Set<Integer> expected = new HashSet<>();
                    for (int i = 0; i < texts.size(); i++) if (texts.get(i).toLowerCase().contains(text)) expected.add(i);
                    Set<Integer> found = new HashSet<>();
                    Query query = query(setup, text);
                    if (query != null) for (ScoreDoc hit : searcher.search(query, texts.size()).scoreDocs) found.add(hit.doc);
                    int hits = 0;
                    for (Integer doc : found) if (expected.contains(doc)) hits++;
                    right += hits;
                    wrong += found.size() - hits;
                    missed += expected.size() - hits;
                    if (text.length() == 1) {
                        oneCharacter++;
                        if (!expected.isEmpty() && hits == expected.size()) oneCharacterFound++;
                    }
                    if (hits < expected.size() || found.size() > hits) off.add(text + "(" + hits + "/" + expected.size() + ",+" + (found.size() - hits) + ")");
                }
                for (int warm = 0; warm < 50; warm++) for (String text : queries) { Query query = query(setup, text); if (query != null) searcher.count(query); }
                int runs = 200;
                long started = System.nanoTime();
                for (int run = 0; run < runs; run++) for (String text : queries) { Query query = query(setup, text); if (query != null) searcher.count(query); }
                double micros = (System.nanoTime() - started) / 1000.0 / runs / queries.size();
                System.out.printf("%-50s precision=%.3f recall=%.3f one-character=%d/%d index=%d bytes query=%.0fus %s off=%s%n",
                    setup.name(), right / (double) Math.max(1, right + wrong), right / (double) Math.max(1, right + missed),
                    oneCharacterFound, oneCharacter, bytes, micros, query(setup, "节水宣传").getClass().getSimpleName(), off);
            }
        }
    }
}
