#include "layer_list_editor.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "impulse/impulse_defaults.h"

namespace mote::studio {
namespace {

constexpr nn::LayerType kAddable[] = {
    nn::LayerType::Dense,     nn::LayerType::Conv1D,    nn::LayerType::Conv2D,        nn::LayerType::DepthwiseConv2D,
    nn::LayerType::AvgPool1D, nn::LayerType::MaxPool1D, nn::LayerType::AvgPool2D,     nn::LayerType::MaxPool2D,
    nn::LayerType::Flatten,   nn::LayerType::Dropout,   nn::LayerType::BatchNorm,     nn::LayerType::Reshape};

bool isConv(nn::LayerType t) {
    return t == nn::LayerType::Conv1D || t == nn::LayerType::Conv2D || t == nn::LayerType::DepthwiseConv2D;
}
bool isPool(nn::LayerType t) {
    return t == nn::LayerType::AvgPool1D || t == nn::LayerType::MaxPool1D || t == nn::LayerType::AvgPool2D ||
           t == nn::LayerType::MaxPool2D;
}
bool is2d(nn::LayerType t) {
    return t == nn::LayerType::Conv2D || t == nn::LayerType::DepthwiseConv2D || t == nn::LayerType::AvgPool2D ||
           t == nn::LayerType::MaxPool2D;
}

QSpinBox* intBox(QWidget* parent, int min, int max) {
    auto* box = new QSpinBox(parent);
    box->setRange(min, max);
    return box;
}

}  // namespace

nn::LayerSpec LayerListEditor::defaultLayer(nn::LayerType type) {
    nn::LayerSpec l;
    l.type = type;
    switch (type) {
    case nn::LayerType::Dense:
        l.units = 16;
        l.activation = nn::Activation::Relu;
        break;
    case nn::LayerType::Conv1D:
        l.filters = 8;
        l.kernel = {1, 3};
        l.padding = nn::Padding::Same;
        l.activation = nn::Activation::Relu;
        break;
    case nn::LayerType::Conv2D:
        l.filters = 8;
        l.kernel = {3, 3};
        l.padding = nn::Padding::Same;
        l.activation = nn::Activation::Relu;
        break;
    case nn::LayerType::DepthwiseConv2D:
        l.kernel = {3, 3};
        l.padding = nn::Padding::Same;
        l.activation = nn::Activation::Relu;
        break;
    case nn::LayerType::AvgPool1D:
    case nn::LayerType::MaxPool1D:
        l.kernel = {1, 2};
        l.stride = {1, 2};
        break;
    case nn::LayerType::AvgPool2D:
    case nn::LayerType::MaxPool2D:
        l.kernel = {2, 2};
        l.stride = {2, 2};
        break;
    case nn::LayerType::Dropout:
        l.rate = 0.25f;
        break;
    case nn::LayerType::Reshape:
        l.shape = {-1, 1};
        break;
    default:
        break;
    }
    return l;
}

LayerListEditor::LayerListEditor(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_list = new QListWidget(this);
    m_list->setMinimumHeight(110);
    m_list->setMaximumHeight(170);
    layout->addWidget(m_list);

    auto* buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add layer"), this);
    auto* menu = new QMenu(m_add);
    for (auto type : kAddable)
        menu->addAction(QString::fromLatin1(nn::layerTypeName(type)), this, [this, type] { addLayer(type); });
    m_add->setMenu(menu);
    m_remove = new QPushButton(tr("Remove"), this);
    m_up = new QPushButton(tr("Up"), this);
    m_down = new QPushButton(tr("Down"), this);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_up);
    buttons->addWidget(m_down);
    buttons->addStretch();
    layout->addLayout(buttons);

    m_shapeNote = new QLabel(this);
    m_shapeNote->setWordWrap(true);
    layout->addWidget(m_shapeNote);

    m_params = new QWidget(this);
    m_form = new QFormLayout(m_params);
    m_form->setContentsMargins(0, 4, 0, 0);
    m_units = intBox(m_params, 1, 4096);
    m_filters = intBox(m_params, 1, 1024);
    m_kernelH = intBox(m_params, 1, 64);
    m_kernelW = intBox(m_params, 1, 64);
    m_strideH = intBox(m_params, 1, 64);
    m_strideW = intBox(m_params, 1, 64);
    m_padding = new QComboBox(m_params);
    m_padding->addItem(QStringLiteral("valid"), static_cast<int>(nn::Padding::Valid));
    m_padding->addItem(QStringLiteral("same"), static_cast<int>(nn::Padding::Same));
    m_activation = new QComboBox(m_params);
    for (auto a : {nn::Activation::None, nn::Activation::Relu, nn::Activation::Relu6, nn::Activation::Tanh,
                   nn::Activation::Sigmoid})
        m_activation->addItem(QString::fromLatin1(nn::activationName(a)), static_cast<int>(a));
    m_depthMultiplier = intBox(m_params, 1, 64);
    m_rate = new QDoubleSpinBox(m_params);
    m_rate->setRange(0.0, 0.95);
    m_rate->setSingleStep(0.05);
    m_epsilon = new QDoubleSpinBox(m_params);
    m_epsilon->setDecimals(6);
    m_epsilon->setRange(1e-6, 1.0);
    m_momentum = new QDoubleSpinBox(m_params);
    m_momentum->setRange(0.0, 1.0);
    m_momentum->setSingleStep(0.05);
    m_shape = new QLineEdit(m_params);
    m_shape->setPlaceholderText(QStringLiteral("e.g. 50, 13, 1"));
    m_form->addRow(tr("Units"), m_units);
    m_form->addRow(tr("Filters"), m_filters);
    m_form->addRow(tr("Kernel (h × w)"), [&] {
        auto* row = new QWidget(m_params);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(m_kernelH);
        h->addWidget(m_kernelW);
        return row;
    }());
    m_form->addRow(tr("Stride (h × w)"), [&] {
        auto* row = new QWidget(m_params);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(m_strideH);
        h->addWidget(m_strideW);
        return row;
    }());
    m_form->addRow(tr("Padding"), m_padding);
    m_form->addRow(tr("Activation"), m_activation);
    m_form->addRow(tr("Depth multiplier"), m_depthMultiplier);
    m_form->addRow(tr("Rate"), m_rate);
    m_form->addRow(tr("Epsilon"), m_epsilon);
    m_form->addRow(tr("Momentum"), m_momentum);
    m_form->addRow(tr("Shape"), m_shape);
    layout->addWidget(m_params);

    connect(m_list, &QListWidget::currentRowChanged, this, [this] { loadForm(); });
    connect(m_remove, &QPushButton::clicked, this, &LayerListEditor::removeSelected);
    connect(m_up, &QPushButton::clicked, this, [this] { moveSelected(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveSelected(1); });
    for (auto* box : {m_units, m_filters, m_kernelH, m_kernelW, m_strideH, m_strideW, m_depthMultiplier})
        connect(box, &QSpinBox::valueChanged, this, &LayerListEditor::storeForm);
    for (auto* box : {m_rate, m_epsilon, m_momentum})
        connect(box, &QDoubleSpinBox::valueChanged, this, &LayerListEditor::storeForm);
    for (auto* box : {m_padding, m_activation})
        connect(box, &QComboBox::currentIndexChanged, this, &LayerListEditor::storeForm);
    connect(m_shape, &QLineEdit::editingFinished, this, &LayerListEditor::storeForm);
    refreshList();
}

void LayerListEditor::setLayers(const std::vector<nn::LayerSpec>& layers) {
    m_layers = layers;
    refreshList();
    selectLayer(m_layers.empty() ? -1 : 0);
}

void LayerListEditor::setInputShape(const std::vector<int>& shape, int classCount) {
    m_inputShape = shape;
    m_classes = classCount;
    refreshList();
}

QString LayerListEditor::shapeMessage() const {
    if (m_inputShape.empty())
        return {};
    nn::ModelSpec spec{m_inputShape, m_layers};
    auto shapes = nn::inferShapes(spec);
    return shapes ? QString() : QString::fromStdString(shapes.message());
}

void LayerListEditor::refreshList() {
    const int row = m_list->currentRow();
    std::vector<std::vector<int>> shapes;
    QString error;
    if (!m_inputShape.empty()) {
        auto inferred = nn::inferShapes({m_inputShape, m_layers});
        if (inferred)
            shapes = *inferred;
        else
            error = QString::fromStdString(inferred.message());
    }
    m_loading = true;
    m_list->clear();
    for (size_t i = 0; i < m_layers.size(); ++i) {
        QString text = QStringLiteral("%1. %2").arg(i + 1).arg(QString::fromStdString(impulse::describeLayer(m_layers[i])));
        if (i < shapes.size())
            text += QStringLiteral("  →  %1").arg(QString::fromStdString(nn::shapeToString(shapes[i])));
        m_list->addItem(text);
    }
    auto* head = new QListWidgetItem(m_classes > 0 ? tr("output: dense(%1 classes) + softmax").arg(m_classes)
                                                   : tr("output: dense(classes) + softmax"),
                                     m_list);
    head->setFlags(Qt::NoItemFlags);
    head->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
    m_list->setCurrentRow(std::min(row, static_cast<int>(m_layers.size()) - 1));
    m_loading = false;
    if (m_inputShape.empty())
        m_shapeNote->setText(tr("Input shape is known once features are computed."));
    else if (error.isEmpty())
        m_shapeNote->setText(tr("Input %1 per window.").arg(QString::fromStdString(nn::shapeToString(m_inputShape))));
    else
        m_shapeNote->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(error.toHtmlEscaped()));
    loadForm();
}

int LayerListEditor::selectedIndex() const {
    const int row = m_list->currentRow();
    return row >= 0 && row < static_cast<int>(m_layers.size()) ? row : -1;
}

void LayerListEditor::selectLayer(int index) {
    m_list->setCurrentRow(index);
    loadForm();
}

void LayerListEditor::addLayer(nn::LayerType type) {
    const int at = selectedIndex() >= 0 ? selectedIndex() + 1 : static_cast<int>(m_layers.size());
    m_layers.insert(m_layers.begin() + at, defaultLayer(type));
    refreshList();
    selectLayer(at);
    emit changed();
}

void LayerListEditor::removeSelected() {
    const int index = selectedIndex();
    if (index < 0)
        return;
    m_layers.erase(m_layers.begin() + index);
    refreshList();
    selectLayer(std::min(index, static_cast<int>(m_layers.size()) - 1));
    emit changed();
}

void LayerListEditor::moveSelected(int delta) {
    const int index = selectedIndex();
    const int target = index + delta;
    if (index < 0 || target < 0 || target >= static_cast<int>(m_layers.size()))
        return;
    std::swap(m_layers[static_cast<size_t>(index)], m_layers[static_cast<size_t>(target)]);
    refreshList();
    selectLayer(target);
    emit changed();
}

void LayerListEditor::loadForm() {
    const int index = selectedIndex();
    m_remove->setEnabled(index >= 0);
    m_up->setEnabled(index > 0);
    m_down->setEnabled(index >= 0 && index + 1 < static_cast<int>(m_layers.size()));
    m_params->setVisible(index >= 0);
    if (index < 0)
        return;
    const nn::LayerSpec& l = m_layers[static_cast<size_t>(index)];
    const bool wasLoading = m_loading;
    m_loading = true;
    m_units->setValue(std::max(1, l.units));
    m_filters->setValue(std::max(1, l.filters));
    m_kernelH->setValue(l.kernel[0]);
    m_kernelW->setValue(l.kernel[1]);
    m_strideH->setValue(l.stride[0]);
    m_strideW->setValue(l.stride[1]);
    m_padding->setCurrentIndex(m_padding->findData(static_cast<int>(l.padding)));
    m_activation->setCurrentIndex(m_activation->findData(static_cast<int>(l.activation)));
    m_depthMultiplier->setValue(l.depthMultiplier);
    m_rate->setValue(l.rate);
    m_epsilon->setValue(l.epsilon);
    m_momentum->setValue(l.momentum);
    QStringList dims;
    for (int d : l.shape)
        dims << QString::number(d);
    m_shape->setText(dims.join(QStringLiteral(", ")));
    m_loading = wasLoading;

    const auto t = l.type;
    m_form->setRowVisible(m_units, t == nn::LayerType::Dense);
    m_form->setRowVisible(m_filters, t == nn::LayerType::Conv1D || t == nn::LayerType::Conv2D);
    m_form->setRowVisible(m_kernelH->parentWidget(), isConv(t) || isPool(t));
    m_form->setRowVisible(m_strideH->parentWidget(), isConv(t) || isPool(t));
    m_kernelH->setEnabled(is2d(t));  // 1-D layers have kernel height 1
    m_strideH->setEnabled(is2d(t));
    m_form->setRowVisible(m_padding, isConv(t) || isPool(t));
    m_form->setRowVisible(m_activation, t == nn::LayerType::Dense || isConv(t));
    m_form->setRowVisible(m_depthMultiplier, t == nn::LayerType::DepthwiseConv2D);
    m_form->setRowVisible(m_rate, t == nn::LayerType::Dropout);
    m_form->setRowVisible(m_epsilon, t == nn::LayerType::BatchNorm);
    m_form->setRowVisible(m_momentum, t == nn::LayerType::BatchNorm);
    m_form->setRowVisible(m_shape, t == nn::LayerType::Reshape);
}

void LayerListEditor::storeForm() {
    const int index = selectedIndex();
    if (m_loading || index < 0)
        return;
    nn::LayerSpec& l = m_layers[static_cast<size_t>(index)];
    const auto t = l.type;
    if (t == nn::LayerType::Dense)
        l.units = m_units->value();
    if (t == nn::LayerType::Conv1D || t == nn::LayerType::Conv2D)
        l.filters = m_filters->value();
    if (isConv(t) || isPool(t)) {
        l.kernel = {is2d(t) ? m_kernelH->value() : 1, m_kernelW->value()};
        l.stride = {is2d(t) ? m_strideH->value() : 1, m_strideW->value()};
        l.padding = static_cast<nn::Padding>(m_padding->currentData().toInt());
    }
    if (t == nn::LayerType::Dense || isConv(t))
        l.activation = static_cast<nn::Activation>(m_activation->currentData().toInt());
    if (t == nn::LayerType::DepthwiseConv2D)
        l.depthMultiplier = m_depthMultiplier->value();
    if (t == nn::LayerType::Dropout)
        l.rate = static_cast<float>(m_rate->value());
    if (t == nn::LayerType::BatchNorm) {
        l.epsilon = static_cast<float>(m_epsilon->value());
        l.momentum = static_cast<float>(m_momentum->value());
    }
    if (t == nn::LayerType::Reshape) {
        std::vector<int> shape;
        for (const auto& part : m_shape->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            bool ok = false;
            const int v = part.trimmed().toInt(&ok);
            if (ok)
                shape.push_back(v);
        }
        l.shape = shape;
    }
    refreshList();
    emit changed();
}

}  // namespace mote::studio
